import Foundation
import HCLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Damaged input never crashes or hangs: every mutation of real files either
/// parses and prints back byte for byte, or throws a positioned syntax error.
@Suite struct MutationTests {
    /// Bytes that matter to the grammar, so mutations hit interesting states.
    static let alphabet = Array("{}[]()\"$%~<-=:,.?!*/#\\\n\r\t aZ0_EOF".utf8)

    @Test func mutatedFilesFailCleanly() throws {
        let fixtures = Corpora.packageRoot.appendingPathComponent("fixtures/hcl")
        var inputs = Corpora.files(under: fixtures) { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }
        let real = try Corpora.folder("real/terraform")
        let corpus = Corpora.files(under: real) { $0.hasSuffix(".tf") }
        inputs += stride(from: 0, to: corpus.count, by: 40).map { corpus[$0] }
        var generator = SplitMix64(state: 42)
        var parsed = 0
        var rejected = 0
        for url in inputs {
            let original = try Corpora.bytes(url)
            guard !original.isEmpty else { continue }
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<(1 + generator.next(3)) {
                    let at = generator.next(bytes.count)
                    switch generator.next(3) {
                    case 0: bytes.remove(at: min(at, bytes.count - 1))
                    case 1: bytes.insert(MutationTests.alphabet[generator.next(MutationTests.alphabet.count)], at: at)
                    default: bytes[min(at, bytes.count - 1)] = MutationTests.alphabet[generator.next(MutationTests.alphabet.count)]
                    }
                    if bytes.isEmpty { break }
                }
                do {
                    let document = try HCLDocument(parsing: SourceText(bytes: bytes))
                    #expect(document.printed() == bytes)
                    _ = document.scalars()
                    parsed += 1
                } catch {
                    #expect(error.kind == .syntax)
                    #expect((0...bytes.count).contains(error.offset ?? -1), "\(url.lastPathComponent): \(error)")
                    rejected += 1
                }
            }
        }
        print("mutations: \(parsed + rejected) damaged files, \(parsed) still parse, \(rejected) rejected")
        #expect(parsed + rejected > 1000)
    }
}
