import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// Every truncation of every fixture, in every format: a prefix of a valid
/// file is the most common broken input there is (a killed editor, a partial
/// download, a full disk). Each prefix must either be rejected with a
/// position inside the text, or be accepted, print back byte for byte, and
/// take an edit of any of its scalars only inside that scalar's bytes.
/// Run in process, since spawning one process per prefix would cost minutes;
/// the command-line matrix (`HostileInputMatrixTests`) covers a sample of the
/// same prefixes through the binary.
@Suite struct TruncationTests {
    static let fixtureFiles: [(URL, Format)] = Corpora.files(under: Fixtures.root) { _ in true }.compactMap { url in
        Format.detect(path: url.lastPathComponent).map { (url, $0) }
    }

    @Test func everyFormatHasFixtures() {
        let formats = Set(Self.fixtureFiles.map(\.1.name))
        #expect(formats == Set(Format.all.map(\.name)), "\(formats)")
    }

    @Test(arguments: Format.all.map(\.name))
    func everyPrefixIsRejectedWithAPositionOrRoundTrips(formatName: String) throws {
        let files = Self.fixtureFiles.filter { $0.1.name == formatName }
        var accepted = 0
        var rejected = 0
        var edited = 0
        for (url, format) in files {
            let bytes = try Corpora.bytes(url)
            for end in 0...bytes.count {
                let prefix = Array(bytes[..<end])
                let source = SourceText(bytes: prefix, path: url.lastPathComponent)
                let document: any TemplateDocument
                do {
                    document = try format.document(source)
                } catch {
                    rejected += 1
                    let offset = error.offset ?? -1
                    guard offset >= 0 && offset <= prefix.count else {
                        Issue.record("\(url.lastPathComponent)[..<\(end)]: rejected without a position in the text (\(error.offset.map(String.init) ?? "nil")): \(error.message)")
                        continue
                    }
                    continue
                }
                accepted += 1
                guard document.printed() == prefix else {
                    Issue.record("\(url.lastPathComponent)[..<\(end)]: accepted but does not print back")
                    continue
                }
                // Edit the scalar nearest the end: the one a truncation most
                // often cuts into.
                guard let slot = document.scalars().last(where: { $0.kind != .expression }) else { continue }
                let value = "9.9.9"
                let result: (document: any TemplateDocument, edits: [TextEdit])
                do {
                    result = try Self.verifiedEdit(document, slot: slot, value: value)
                } catch {
                    continue  // refused with a reason: fine
                }
                edited += 1
                let out = result.document.source.bytes
                let head = slot.range.lowerBound
                let tailCount = prefix.count - slot.range.upperBound
                let ok = out.count >= head + tailCount
                    && Array(out[..<head]) == Array(prefix[..<head])
                    && Array(out[(out.count - tailCount)...]) == Array(prefix[slot.range.upperBound...])
                if !ok {
                    Issue.record("\(url.lastPathComponent)[..<\(end)]: the edit of '\(slot.selectorText)' changed bytes outside its literal")
                }
            }
        }
        #expect(accepted + rejected > 0)
        #expect(rejected > 0, "no prefix of any \(formatName) fixture was rejected")
        #expect(edited > 0, "no prefix of any \(formatName) fixture took an edit")
    }

    static func verifiedEdit<D: TemplateDocument>(_ document: D, slot: Slot, value: String) throws -> (
        document: any TemplateDocument, edits: [TextEdit]
    ) {
        let (updated, edits) = try document.applyingVerified([SlotChange(slot: slot, value: value)])
        return (updated, edits)
    }
}
