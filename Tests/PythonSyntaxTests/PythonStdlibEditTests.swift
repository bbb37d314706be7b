import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Verified edits over the standard library: every module-level string
/// literal `scalars()` finds takes a value with both quotes and a
/// backslash, or (a raw string) refuses it with a `.value` error; and only
/// the literals' bytes change.
@Suite struct PythonStdlibEditTests {
    static let newValue = #"9.9"rc'1\x"#

    @Test(.timeLimit(.minutes(10))) func everyModuleLevelStringTakesAnAwkwardValue() throws {
        let files = Python3.pythonFiles(under: try Python3.path("stdlib"), excluding: ["site-packages"])
        var filesWithStrings = 0
        var edited = 0
        var refused = 0
        var failures: [String] = []
        for path in files {
            let source = SourceText(bytes: try Corpora.bytes(URL(fileURLWithPath: path)), path: path)
            guard let document = try? PythonDocument(parsing: source) else { continue }
            let strings = document.scalars().filter { $0.kind == .string }
            guard !strings.isEmpty else { continue }
            filesWithStrings += 1
            var changes: [SlotChange] = []
            for slot in strings {
                do {
                    _ = try document.replacement(for: slot, with: Self.newValue)
                    changes.append(SlotChange(slot: slot, value: Self.newValue))
                } catch {
                    let isRaw = PythonString.style(source.bytes, slot.range)?.isRaw ?? false
                    if error.kind == .value && isRaw {
                        refused += 1
                    } else {
                        failures.append("\(Diagnostic(error, in: source))")
                    }
                }
            }
            guard !changes.isEmpty else { continue }
            do {
                let (result, edits) = try document.applyingVerified(changes)
                edited += changes.count
                // Splicing by hand gives the same bytes: nothing outside the literals moved.
                var expected: [UInt8] = []
                var cursor = 0
                for edit in edits {
                    #expect(changes.contains { $0.slot.range == edit.range }, "\(path): an edit outside every literal")
                    expected += source.bytes[cursor..<edit.range.lowerBound]
                    expected += edit.replacement
                    cursor = edit.range.upperBound
                }
                expected += source.bytes[cursor...]
                if result.source.bytes != expected { failures.append("\(path): bytes outside the literals changed") }
            } catch {
                failures.append("\(Diagnostic(error, in: source))")
            }
        }
        print("python stdlib edits: \(filesWithStrings) files with module-level strings, \(edited) literals rewritten and verified, \(refused) raw literals refused, \(failures.count) failures")
        #expect(edited > 1000)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }
}
