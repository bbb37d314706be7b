import Foundation
import HCLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// The hashicorp/hcl spec suite and fuzz seeds, and the real Terraform corpus.
@Suite struct ConformanceTests {
    /// Spec-suite inputs whose `.t` expects diagnostics that come from the
    /// hcldec schema, not from syntax: the file is valid HCL.
    static let schemaOnlyDiagnostics: Set<String> = [
        // `c` is not in the hcldec spec: "an argument named c is not expected here".
        "specsuite/tests/structure/attributes/unexpected.hcl"
    ]

    /// Fuzz seeds that are not valid HCL (fuzz seeds need not be).
    static let invalidFuzzSeeds: [String: String] = [
        // `a = "b ${title(var.name)}` then a newline: the string never closes.
        "hclwrite/fuzz/testdata/fuzz/FuzzParseConfig/function-call-tmpl.hcl": "unterminated string"
    ]

    /// The first `from { byte = N }` of the first error a `.t` file expects.
    static func expectedErrorByte(_ t: String) -> Int? {
        guard let diagnostics = t.range(of: "diagnostics {"), let from = t.range(of: "from {", range: diagnostics.upperBound..<t.endIndex),
            let byteKey = t.range(of: "byte", range: from.upperBound..<t.endIndex)
        else { return nil }
        let rest = t[byteKey.upperBound...].drop { $0 == " " || $0 == "=" }
        return Int(rest.prefix { $0.isNumber })
    }

    @Test func hclSpecSuiteAndFuzzSeeds() throws {
        let folder = try Corpora.folder("hcl/hcl-main")
        let files = Corpora.files(under: folder) { $0.hasSuffix(".hcl") }
        #expect(files.count >= 52, "expected the 52 .hcl files of hashicorp/hcl, found \(files.count)")
        var accepted = 0
        var rejected = 0
        var failures: [String] = []
        for url in files {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            let raw = try Corpora.bytes(url)
            let input = goFuzzSeed(raw) ?? raw
            let tURL = url.deletingPathExtension().appendingPathExtension("t")
            let t = try? String(contentsOf: tURL, encoding: .utf8)
            let expectsDiagnostics = t?.contains("diagnostics {") ?? false
            do {
                let document = try HCLDocument(parsing: SourceText(bytes: input, path: relative))
                let problems = treeProblems(document)
                if !problems.isEmpty {
                    failures.append("\(relative): accepted but \(problems.joined(separator: "; "))")
                } else if expectsDiagnostics && !ConformanceTests.schemaOnlyDiagnostics.contains(relative) {
                    failures.append("\(relative): accepted, but the suite expects a syntax error")
                } else if ConformanceTests.invalidFuzzSeeds[relative] != nil {
                    failures.append("\(relative): accepted, but it is \(ConformanceTests.invalidFuzzSeeds[relative] ?? "")")
                } else {
                    accepted += 1
                }
            } catch {
                let shown = Diagnostic(error, in: SourceText(bytes: input, path: relative)).description
                if expectsDiagnostics, let t {
                    // Our first error must point where the suite's first error does.
                    let offsets = [error.offset].compactMap { $0 } + error.notes.map(\.offset)
                    if let want = ConformanceTests.expectedErrorByte(t), !offsets.contains(want) {
                        failures.append("\(relative): rejected at \(offsets), the suite expects byte \(want)\n\(shown)")
                    } else {
                        rejected += 1
                    }
                } else if ConformanceTests.invalidFuzzSeeds[relative] != nil {
                    rejected += 1
                } else {
                    failures.append("\(relative): rejected but valid\n\(shown)")
                }
            }
        }
        print("hcl corpus: \(files.count) files, \(accepted) accepted round-trip, \(rejected) rejected as expected")
        #expect(failures.isEmpty, "\(failures.count) files misbehave:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(accepted + rejected == files.count)
    }

    @Test func realTerraformCorpus() throws {
        let folder = try Corpora.folder("real/terraform")
        let files = Corpora.files(under: folder) { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }
        #expect(files.count == 1162, "expected 1,162 Terraform files, found \(files.count)")
        var accepted = 0
        var bytes = 0
        var failures: [String] = []
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        for url in files {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            let input = try Corpora.bytes(url)
            bytes += input.count
            let source = SourceText(bytes: input, path: relative)
            do {
                var parsed: HCLDocument?
                elapsed += try clock.measure { parsed = try HCLDocument(parsing: source) }
                guard let document = parsed else { continue }
                let problems = treeProblems(document)
                if problems.isEmpty {
                    accepted += 1
                } else {
                    failures.append("\(relative): \(problems.joined(separator: "; "))")
                }
            } catch let error as TemplateError {
                failures.append(Diagnostic(error, in: source).description)
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "terraform corpus: \(files.count) files, \(accepted) accepted round-trip (\(bytes) bytes parsed in \(String(format: "%.3f", seconds)) s)")
        #expect(failures.isEmpty, "\(failures.count) files misbehave:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
