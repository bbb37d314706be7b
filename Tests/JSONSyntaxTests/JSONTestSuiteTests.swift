import Foundation
import JSONSyntax
import TemplateSyntax
import TestSupport
import Testing

/// nst/JSONTestSuite: every `y_` file parses and prints back byte for byte,
/// every `n_` file is rejected with a positioned error, every `i_` file is
/// handled one way or the other.
@Suite struct JSONTestSuiteTests {
    @Test func everyFileOfTheSuite() throws {
        let folder = try Corpora.folder("json/JSONTestSuite")
        let files = Corpora.files(under: folder) { $0.hasSuffix(".json") }
        var accepted = 0, rejected = 0, indeterminateAccepted = 0, indeterminateRejected = 0
        var failures: [String] = []
        for url in files {
            let name = url.lastPathComponent
            let source = SourceText(bytes: try Corpora.bytes(url), path: name)
            let result = Result { () throws(TemplateError) in try JSONDocument(parsing: source) }
            switch (name.prefix(2), result) {
            case ("y_", .success(let document)):
                if document.printed() == source.bytes { accepted += 1 } else { failures.append("\(name): printed tree differs from input") }
            case ("y_", .failure(let error)):
                failures.append("\(name): rejected: \(Diagnostic(error, in: source))")
            case ("n_", .success):
                failures.append("\(name): accepted, but the suite says it is not JSON")
            case ("n_", .failure(let error)):
                if let offset = error.offset, offset >= 0, offset <= source.count { rejected += 1 } else { failures.append("\(name): error without a position") }
            case (_, .success(let document)):
                if document.printed() == source.bytes { indeterminateAccepted += 1 } else { failures.append("\(name): printed tree differs") }
            case (_, .failure):
                indeterminateRejected += 1
            }
        }
        print("JSONTestSuite: \(files.count) files; y accepted and printed back: \(accepted); n rejected: \(rejected); i handled: \(indeterminateAccepted) accepted, \(indeterminateRejected) rejected")
        #expect(files.count > 300, "the suite looks incomplete: \(files.count) files")
        #expect(accepted == files.filter { $0.lastPathComponent.hasPrefix("y_") }.count)
        #expect(rejected == files.filter { $0.lastPathComponent.hasPrefix("n_") }.count)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }
}

/// Real `package.json` files and CloudFormation JSON templates.
@Suite struct RealJSONTests {
    static func realJSONFiles() throws -> [URL] {
        let folder = try Corpora.folder("real")
        return Corpora.files(under: folder) { $0.hasSuffix(".json") }
    }

    @Test func everyRealFilePrintsBack() throws {
        let files = try Self.realJSONFiles()
        var failures: [String] = []
        for url in files {
            let source = SourceText(bytes: try Corpora.bytes(url), path: url.path)
            do {
                let document = try JSONDocument(parsing: source)
                if document.printed() != source.bytes { failures.append("\(url.path): printed tree differs") }
            } catch {
                failures.append("\(Diagnostic(error, in: source))")
            }
        }
        print("real JSON: \(files.count) files, \(files.count - failures.count) parsed and printed back")
        #expect(files.count >= 300)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Every `version` and every CloudFormation parameter `Default` that is a
    /// string: change it, and only its bytes change.
    @Test func editingEveryVersionLikeStringChangesOnlyItsBytes() throws {
        var edited = 0
        var failures: [String] = []
        for url in try Self.realJSONFiles() {
            let source = SourceText(bytes: try Corpora.bytes(url), path: url.path)
            guard let document = try? JSONDocument(parsing: source) else { continue }
            var slots = try document.select(Selector(parsing: "version"))
            if let parameters = try? document.select(Selector(parsing: "Parameters.*.Default")) { slots += parameters }
            for slot in slots where slot.kind == .string {
                let value = "9.8.7-rc.1+\u{e9}\"q\\"
                do {
                    let changes = [SlotChange(slot: slot, value: value)]
                    let (result, edits) = try document.applyingVerified(changes)
                    // The cheap structural proof holds, and the full comparison of
                    // every scalar gives the same verdict and the same text.
                    if !document.provesOnlyEdits(edits, changes: changes, in: result) {
                        failures.append("\(url.path) \(slot.selectorText): the structural proof does not hold")
                    }
                    let full = try document.applyingVerified(changes, comparingEveryScalar: true)
                    if full.document.source != result.source || full.edits != edits {
                        failures.append("\(url.path) \(slot.selectorText): the full comparison gives another result")
                    }
                    let new = result.source.bytes
                    let delta = new.count - source.count
                    #expect(edits.count == 1)
                    // Bytes before and after the literal are untouched.
                    let before = source.bytes[..<slot.range.lowerBound]
                    let after = source.bytes[slot.range.upperBound...]
                    if new[..<slot.range.lowerBound] != before || new[(slot.range.upperBound + delta)...] != after {
                        failures.append("\(url.path) \(slot.selectorText): bytes outside the literal changed")
                    }
                    let reread = try result.select(Selector(components: slot.path))
                    if reread.map(\.value) != [value] { failures.append("\(url.path) \(slot.selectorText): read back \(reread)") }
                    edited += 1
                } catch {
                    failures.append("\(url.path) \(slot.selectorText): \(error)")
                }
            }
        }
        print("real JSON: \(edited) version-like strings edited and verified")
        #expect(edited > 100)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }
}
