import HCLSyntax
import TemplateSyntax
import Testing

/// `HCLDocument.reparsed(_:)`: the edited text's document shares the old
/// nodes only when the parser would build the same ones, and is otherwise a
/// full parse; either way it is what `init(parsing:)` gives.
@Suite struct HCLReparseTests {
    static let text = """
        variable "chroma_version" {
          default = "1.2.3" # pinned
          count   = 3
          enabled = true
        }
        locals {
          list = [for x in var.items : x.name if x.on]
          legacy = var.list.0
        }

        """

    /// The reparsed document of `text` with `old` replaced by `new`, and a full parse of the same text.
    func reparse(_ old: String, _ new: String) throws -> (reparsed: HCLDocument, parsed: HCLDocument, document: HCLDocument) {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        let edited = SourceText(Self.text.replacingOccurrences(of: old, with: new))
        #expect(edited.bytes != document.source.bytes)
        return (try document.reparsed(edited), try HCLDocument(parsing: edited), document)
    }

    func sameTree(_ a: HCLDocument, _ b: HCLDocument) -> Bool {
        a.source == b.source && a.tree.tokens == b.tree.tokens && a.tree.nodes == b.tree.nodes
    }

    @Test func anEditedStringKeepsTheTree() throws {
        let (reparsed, parsed, document) = try reparse("\"1.2.3\"", "\"10.20.30-rc.1\"")
        #expect(sameTree(reparsed, parsed))
        // The nodes are the old document's, not a second copy.
        let shared = document.tree.nodes.withUnsafeBufferPointer { a in
            reparsed.tree.nodes.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
        #expect(shared)
        #expect(reparsed.printed() == reparsed.source.bytes)
    }

    /// Same token kinds, but an identifier or a number the parser reads
    /// differs: the text is parsed in full (a keyword, or a legacy index's
    /// digits, can change the tree), and the result is a full parse's.
    @Test func changedIdentifiersAndNumbersAreParsedAgain() throws {
        for (old, new) in [("count   = 3", "count   = 4"), ("enabled = true", "enabled = fals"), ("x.on]", "x.no]"),
                           ("var.list.0", "var.list.1"), ("for x in", "for x an")] {
            let document = try HCLDocument(parsing: SourceText(Self.text))
            let edited = SourceText(Self.text.replacingOccurrences(of: old, with: new))
            let full: HCLDocument
            do {
                full = try HCLDocument(parsing: edited)
            } catch {
                // `for x an` no longer parses: neither may the reparse.
                #expect(throws: TemplateError.self) { try document.reparsed(edited) }
                continue
            }
            let reparsed = try document.reparsed(edited)
            #expect(sameTree(reparsed, full), "\(new)")
            let shared = document.tree.nodes.withUnsafeBufferPointer { a in
                reparsed.tree.nodes.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
            }
            #expect(!shared, "\(new)")
        }
    }

    @Test func changedKindsAreParsedAgain() throws {
        // A string turned into a number: other kinds, another tree.
        let (reparsed, parsed, document) = try reparse("\"1.2.3\"", "123")
        #expect(sameTree(reparsed, parsed))
        #expect(reparsed.tree.nodes != document.tree.nodes)
        // A text that no longer lexes throws, as a parse would.
        #expect(throws: TemplateError.self) {
            try document.reparsed(SourceText(Self.text.replacingOccurrences(of: "\"1.2.3\"", with: "\"1.2.3")))
        }
    }

    /// The whole edit, through `applyingVerified`, on a file large enough
    /// that the common prefix and suffix span many 4 KiB blocks.
    @Test func aLargeFileEditsThroughTheSharedTree() throws {
        var text = ""
        for i in 0..<2000 { text += "resource \"r\" \"n\(i)\" {\n  value = \"v\(i)\"\n  size  = \(i)\n}\n" }
        text += "variable \"chroma_version\" {\n  default = \"1.0.0\"\n}\n"
        for i in 0..<2000 { text += "locals {\n  l\(i) = [\"\(i)\", \(i)]\n}\n" }
        let document = try HCLDocument(parsing: SourceText(text))
        let slots = try document.select(Selector(parsing: "variable.chroma_version.default"))
        let (edited, _) = try document.applyingVerified(slots.map { SlotChange(slot: $0, value: "9.9.9") })
        #expect(edited.source.string == text.replacingOccurrences(of: "\"1.0.0\"", with: "\"9.9.9\""))
        #expect(sameTree(edited, try HCLDocument(parsing: edited.source)))
    }
}
