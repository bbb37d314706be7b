import Foundation
import TOMLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Every `.toml` file on the machine, read by us and by Python's `tomllib`:
/// the same files accepted, the same values, and every accepted file printed
/// back byte for byte.
@Suite struct TomllibCorpusTests {
    /// Files where we knowingly differ from tomllib, and why. Empty: none
    /// has been found, and an entry here must be justified by name.
    static let knownDisagreements: [String: String] = [:]

    @Test func agreesWithTomllibOnEveryFileOnTheMachine() throws {
        let files = machineTOMLFiles
        #expect(files.count > 50, "expected the tomllib test data and more under /root/.pyenv")
        let reference = try tomllibReference(files)
        var agreed = 0
        var rejectedByBoth = 0
        var disagreements: [String] = []
        for path in files {
            guard let expected = reference[path] else {
                disagreements.append("\(path): tomllib did not report")
                continue
            }
            let bytes = try Corpora.bytes(URL(fileURLWithPath: path))
            let ours: Result<TOMLDocument, TemplateError>
            do {
                ours = .success(try TOMLDocument(parsing: SourceText(bytes: bytes, path: path)))
            } catch {
                ours = .failure(error)
            }
            switch (ours, expected.accepted) {
            case (.success(let document), true):
                let problems = treeProblems(document)
                let leaves = ourLeaves(document)
                if !problems.isEmpty {
                    disagreements.append("\(path): \(problems.joined(separator: "; "))")
                } else if leaves != expected.leaves {
                    let differing = Set(leaves.keys).symmetricDifference(expected.leaves.keys).union(
                        leaves.keys.filter { expected.leaves[$0] != nil && expected.leaves[$0] != leaves[$0] })
                    disagreements.append("\(path): values differ at \(differing.sorted().prefix(3).map { $0.replacingOccurrences(of: "\u{1}", with: ".") })")
                } else {
                    agreed += 1
                }
            case (.failure, false):
                rejectedByBoth += 1
            case (.success, false):
                disagreements.append("\(path): we accept, tomllib rejects (\(expected.error))")
            case (.failure(let error), true):
                disagreements.append("\(path): tomllib accepts, we reject (\(error))")
            }
        }
        print("toml: \(files.count) files, \(agreed) accepted and agree, \(rejectedByBoth) rejected by both, \(disagreements.count) disagreements")
        let unexplained = disagreements.filter { line in !TomllibCorpusTests.knownDisagreements.keys.contains { line.hasPrefix($0 + ":") } }
        #expect(unexplained.isEmpty, "\(unexplained.joined(separator: "\n"))")
        #expect(agreed > 0 && rejectedByBoth > 0)
    }
}
