import Foundation
import HCLSyntax
import TemplateSyntax
import Testing

/// `HCLDocument.provesOnlyEdits`: true for a real edit, false for every
/// edited document that differs from the original by more than the edits.
@Suite struct HCLEditProofTests {
    static let text = """
        variable "chroma_version" {
          default = "1.2.3" # pinned
          count   = 3
        }
        locals {
          tags = { "Name" = "web", Port = 80 }
          list = ["a", "b"]
        }

        """

    /// The edits and changes that set the slots `selector` names to `value`, and the re-parsed result.
    func edit(_ document: HCLDocument, _ selector: String, to value: String) throws -> ([TextEdit], [SlotChange], HCLDocument) {
        let slots = try document.select(Selector(parsing: selector))
        #expect(!slots.isEmpty)
        let changes = slots.map { SlotChange(slot: $0, value: value) }
        let edits = try TextEdit.normalized(try changes.map { try document.replacement(for: $0.slot, with: $0.value) }, count: document.source.count)
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        return (edits, changes, edited)
    }

    @Test func realEditsAreProved() throws {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        for (selector, value) in [
            ("variable.chroma_version.default", "1.10.0"), ("variable.chroma_version.count", "12"),
            ("locals.tags.Name", "w"), ("locals.tags.Port", "8080"), ("locals.list[1]", "longer \"quoted\""),
        ] {
            let (edits, changes, edited) = try edit(document, selector, to: value)
            #expect(document.provesOnlyEdits(edits, changes: changes, in: edited), "\(selector)")
            // The slow proof agrees.
            _ = try document.applyingVerified(changes)
        }
        // Two edits at once, the second shifted by the first.
        let slots = try document.select(Selector(parsing: "variable.chroma_version.default"))
            + document.select(Selector(parsing: "locals.list[0]"))
        let changes = slots.map { SlotChange(slot: $0, value: "a much longer value") }
        let edits = try TextEdit.normalized(try changes.map { try document.replacement(for: $0.slot, with: $0.value) }, count: document.source.count)
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        #expect(document.provesOnlyEdits(edits, changes: changes, in: edited))
    }

    @Test func anExtraTokenIsNotProved() throws {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        let (_, changes, _) = try edit(document, "variable.chroma_version.default", to: "x")
        // The splice is exact, but the new literal holds an interpolation: more tokens.
        let edits = [TextEdit(range: changes[0].slot.range, replacement: "\"${x}\"")]
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: edited))
    }

    @Test func aChangedKindIsNotProved() throws {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        let (_, changes, _) = try edit(document, "variable.chroma_version.count", to: "4")
        // A number turned into a reference: same token count, another kind.
        let edits = [TextEdit(range: changes[0].slot.range, replacement: "x")]
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: [SlotChange(slot: changes[0].slot, value: "x")], in: edited))
    }

    @Test func aShiftedOrChangedTokenElsewhereIsNotProved() throws {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        let (edits, changes, _) = try edit(document, "variable.chroma_version.default", to: "2.0.0")
        let spliced = try document.source.applying(edits).string
        // One more space before `count`: every token after it moved.
        let moved = try HCLDocument(parsing: SourceText(spliced.replacingOccurrences(of: "count   =", with: "count    =")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: moved))
        // Same size, another value elsewhere.
        let other = try HCLDocument(parsing: SourceText(spliced.replacingOccurrences(of: "Port = 80", with: "Port = 81")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: other))
        // The value read back is not the one asked for.
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        let wrong = changes.map { SlotChange(slot: $0.slot, value: "2.0.1") }
        #expect(!document.provesOnlyEdits(edits, changes: wrong, in: edited))
        // An edit no change asked for.
        let extra = try TextEdit.normalized(edits + [TextEdit(range: 0..<8, replacement: "variable")], count: document.source.count)
        #expect(!document.provesOnlyEdits(extra, changes: changes, in: edited))
    }

    @Test func aLiteralThatIsNoSlotIsNotProved() throws {
        let document = try HCLDocument(parsing: SourceText(Self.text))
        // The object key "Name" is a literal, but no path of scalars() ends at it.
        let bytes = Array(Self.text.utf8)
        let key = Array("\"Name\"".utf8)
        let at = (0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key }!
        let slot = Slot(range: at..<(at + key.count), value: "Name", kind: .string, path: [.key("locals"), .key("tags"), .key("Name")])
        let edits = [TextEdit(range: slot.range, replacement: "\"Nome\"")]
        let edited = try HCLDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: [SlotChange(slot: slot, value: "Nome")], in: edited))
    }
}
