import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Damaged input never crashes or hangs: every mutation of real Python files
/// (the fixtures and a sample of the installed stdlib) either parses and
/// prints back byte for byte, with every value readable and every string
/// literal writable or refused with a reason, or throws a positioned syntax
/// error.
@Suite struct PythonMutationTests {
    /// Bytes that matter to the tokenizer (quotes, prefixes, brackets,
    /// f-string braces, continuations, line endings, indentation, a NUL and
    /// pieces of UTF-8), so mutations reach interesting states.
    static let alphabet: [UInt8] =
        Array("'\"frbtuRFB{}[]()=:;,.#\\\n\r\t   xX_0e9j@-".utf8) + [0x00, 0x0C, 0xFF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xA0]

    /// Fixtures, then every 25th stdlib file under 12 KB (sorted, so the
    /// sample is the same each run on one Python).
    static func inputs() throws -> [URL] {
        var inputs = Corpora.files(under: Corpora.packageRoot.appendingPathComponent("fixtures/python")) { $0.hasSuffix(".py") }
        let stdlib = Python3.pythonFiles(under: try Python3.path("stdlib"), excluding: ["site-packages"]).filter { path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            return (size ?? .max) < 12_000
        }
        inputs += stride(from: 0, to: stdlib.count, by: 25).map { URL(fileURLWithPath: stdlib[$0]) }
        return inputs
    }

    @Test(.timeLimit(.minutes(10))) func mutatedFilesFailCleanly() throws {
        let inputs = try Self.inputs()
        var generator = SplitMix64(state: 8)
        var parsed = 0
        var rejected = 0
        var writes = 0
        for url in inputs {
            let original = try Corpora.bytes(url)
            guard !original.isEmpty else { continue }
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<(1 + generator.next(3)) {
                    let at = generator.next(bytes.count)
                    let byte = Self.alphabet[generator.next(Self.alphabet.count)]
                    switch generator.next(3) {
                    case 0: bytes.remove(at: min(at, bytes.count - 1))
                    case 1: bytes.insert(byte, at: at)
                    default: bytes[min(at, bytes.count - 1)] = byte
                    }
                    if bytes.isEmpty { break }
                }
                let source = SourceText(bytes: bytes)
                do {
                    let document = try PythonDocument(parsing: source)
                    #expect(document.printed() == bytes, "\(url.lastPathComponent): printed text differs")
                    for slot in document.scalars() where slot.kind == .string {
                        // Writing must give an edit inside the file or a reason, never a trap.
                        if let edit = try? document.replacement(for: slot, with: "1.2.3") {
                            #expect(edit.range.upperBound <= bytes.count)
                            writes += 1
                        }
                    }
                    for name in document.assignedNames() {
                        _ = try? document.select(Selector(components: [.key(name)]))
                    }
                    parsed += 1
                } catch {
                    #expect(error.kind == .syntax, "\(url.lastPathComponent): \(error)")
                    #expect((0...bytes.count).contains(error.offset ?? -1), "\(url.lastPathComponent): \(error)")
                    // The diagnostic can always be drawn (line, column, excerpt).
                    _ = Diagnostic(error, in: source).description
                    rejected += 1
                }
            }
        }
        print("python mutations: \(inputs.count) files, \(parsed + rejected) damaged copies, \(parsed) still parse (\(writes) string writes), \(rejected) rejected")
        #expect(parsed + rejected > 1000)
        #expect(parsed > 0 && rejected > 0)
    }
}
