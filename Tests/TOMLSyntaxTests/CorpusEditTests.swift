import Foundation
import TOMLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Every string in every real file we accept can be rewritten, and the
/// edit touches the literal's bytes and nothing else.
@Suite struct TOMLCorpusEditTests {
    /// Every kind of string can hold the first value; a literal string
    /// cannot hold the second's apostrophe and must refuse it (a multi-line
    /// literal string can).
    static let values = [#"1.2.3 "quoted" \ back"#, #"it's "quoted" \ back"#]

    @Test func everyStringLeafTakesAValueWithQuoteAndBackslash() throws {
        var edited = 0
        var refused = 0
        var failures: [String] = []
        for path in machineTOMLFiles {
            let bytes = try Corpora.bytes(URL(fileURLWithPath: path))
            guard let document = try? TOMLDocument(parsing: SourceText(bytes: bytes, path: path)) else { continue }
            for slot in document.scalars() where slot.kind == .string {
                for value in TOMLCorpusEditTests.values {
                    let refusable = document.source.text(slot.range).hasPrefix("'") && !document.source.text(slot.range).hasPrefix("'''")
                        && value.contains("'")
                    let where_ = "\(path) \(slot.selectorText)"
                    do {
                        let (result, edits) = try document.applyingVerified([SlotChange(slot: slot, value: value)])
                        guard edits.count == 1, let edit = edits.first, edit.range == slot.range else {
                            failures.append("\(where_): the edit is not the literal's range")
                            continue
                        }
                        let expected = Array(bytes[..<slot.range.lowerBound]) + edit.replacement + Array(bytes[slot.range.upperBound...])
                        if result.source.bytes != expected { failures.append("\(where_): bytes outside the literal changed") }
                        if refusable { failures.append("\(where_): a literal string was written with an apostrophe") }
                        edited += 1
                    } catch {
                        if refusable && error.kind == .value {
                            refused += 1
                        } else {
                            failures.append("\(where_): \(error)")
                        }
                    }
                }
            }
        }
        print("toml edits: \(edited) string edits verified, \(refused) refused by literal strings")
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
        #expect(edited > 40 && refused > 0)
    }
}
