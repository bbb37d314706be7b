import Foundation
import TemplateSyntax
import TestSupport
import Testing
import YAMLSyntax

/// `fixtures/yaml/`: a CloudFormation template and a docker-compose file,
/// with after files made by sed, not by tplpatch, so the edits are compared
/// with an independent answer. `cases.tsv` gives each case's edits.
@Suite struct YAMLGoldenTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var edits: [(selector: String, value: String)]
        var description: String { name }
    }

    static func cases() -> [Case] {
        let manifest = Fixtures.root.appendingPathComponent("yaml/cases.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        var cases: [Case] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            if cases.last?.name == fields[0] {
                cases[cases.count - 1].edits.append((fields[1], fields[2]))
            } else {
                cases.append(Case(name: fields[0], edits: [(fields[1], fields[2])]))
            }
        }
        return cases
    }

    static func file(_ name: String, _ side: String) throws -> URL {
        let folder = Fixtures.root.appendingPathComponent("yaml")
        for suffix in ["yaml", "yml"] {
            let url = folder.appendingPathComponent("\(name).\(side).\(suffix)")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw MissingCorpus(path: folder.appendingPathComponent("\(name).\(side).yaml").path)
    }

    @Test func theManifestIsThere() {
        #expect(Self.cases().count >= 3)
    }

    @Test(arguments: cases())
    func goldenEdit(_ golden: Case) throws {
        let before = try Corpora.bytes(Self.file(golden.name, "before"))
        let expected = try Corpora.bytes(Self.file(golden.name, "after"))
        let document = try YAMLDocument(parsing: SourceText(bytes: before))
        var changes: [SlotChange] = []
        for (selector, value) in golden.edits {
            let slots = try document.select(Selector(parsing: selector))
            #expect(slots.count == 1, "\(selector)")
            changes += slots.map { SlotChange(slot: $0, value: value) }
        }
        let (result, edits) = try document.applyingVerified(changes)
        #expect(result.source.bytes == expected, "\(golden.name):\n\(result.source.string)")
        #expect(edits.count == golden.edits.count)
        // Every edit stays inside its scalar.
        for (edit, change) in zip(edits, changes.sorted { $0.slot.range.lowerBound < $1.slot.range.lowerBound }) {
            #expect(edit.range == change.slot.range)
        }
        // The image placeholder and the !Sub/!Ref expressions never change.
        let placeholders = try result.select(Selector(parsing: "services.*.image"))
        #expect(placeholders.allSatisfy { $0.value == "ghcr.io/chroma-core/chroma:CHROMA_VERSION" })
        let expressions = document.scalars().filter { $0.kind == .expression }
        #expect(result.scalars().filter { $0.kind == .expression }.map(\.value) == expressions.map(\.value))
    }

    @Test func cloudFormationFixtureReadsAsExpected() throws {
        let document = try YAMLDocument(parsing: SourceText(bytes: Corpora.bytes(Self.file("chroma.cf", "before"))))
        let version = try document.select(Selector(parsing: "Parameters.ChromaVersion.Default"))
        #expect(version.map(\.value) == ["0.5.20"])
        #expect(version.map(\.kind) == [.string])
        let name = try document.select(Selector(parsing: "Resources.ChromaInstance.Properties.Tags[0].Value"))
        #expect(name.map(\.kind) == [.expression])
        #expect(name.map(\.value) == ["!Sub \"chroma-${ChromaVersion}\""])
        let userData = try document.select(Selector(parsing: "Resources.ChromaInstance.Properties.UserData.\"Fn::Sub\""))
        #expect(userData.first?.value.contains("chroma:${ChromaVersion}\n") == true)
    }

    @Test func composeFixtureReadsAsExpected() throws {
        let document = try YAMLDocument(parsing: SourceText(bytes: Corpora.bytes(Self.file("docker-compose", "before"))))
        #expect(try document.select(Selector(parsing: "services.*.environment.CHROMA_VERSION")).map(\.value) == ["0.5.20"])
        #expect(try document.select(Selector(parsing: "services.worker.environment[*]")).map(\.value) == ["CHROMA_VERSION=0.5.20", "ALLOW_RESET=TRUE"])
        #expect(try document.select(Selector(parsing: "services.*.image")).count == 2)
    }
}
