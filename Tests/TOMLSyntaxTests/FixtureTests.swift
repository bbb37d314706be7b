import Foundation
import TOMLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// The files under `fixtures/toml/`: a package's `pyproject.toml`, a
/// `Cargo.toml`, and golden before/after pairs.
@Suite struct TOMLFixtureTests {
    func document(_ relative: String) throws -> TOMLDocument {
        let url = Fixtures.root.appendingPathComponent("toml").appendingPathComponent(relative)
        return try TOMLDocument(parsing: SourceText(bytes: try Corpora.bytes(url), path: relative))
    }

    @Test func pyprojectVersionsAreFoundAndNothingElse() throws {
        let document = try document("pyproject.toml")
        #expect(treeProblems(document).isEmpty)
        #expect(try document.select(Selector(parsing: "project.version")).map(\.value) == ["0.5.20"])
        #expect(try document.select(Selector(parsing: "tool.poetry.version")).map(\.value) == ["0.5.20"])
        // Other version-looking strings are elsewhere, and not under these paths.
        #expect(try document.select(Selector(parsing: "tool.black.required-version")).map(\.value) == ["23.3.0"])
        #expect(try document.select(Selector(parsing: "project.dependencies[1]")).map(\.value) == ["pydantic >= 1.9"])
        #expect(try document.select(Selector(parsing: "project.authors[0].name")).map(\.value) == ["Jeff Huber"])
        #expect(try document.select(Selector(parsing: "tool.mypy.overrides[0].ignore_errors")).map(\.value) == ["true"])
        let slot = try #require(try document.select(Selector(parsing: "project.version")).first)
        let (edited, _) = try document.applyingVerified([SlotChange(slot: slot, value: "1.2.3")])
        #expect(edited.source.string.contains("version = \"1.2.3\"  # bumped by tplpatch\n"))
    }

    @Test func cargoVersionsAreFound() throws {
        let document = try document("Cargo.toml")
        #expect(treeProblems(document).isEmpty)
        #expect(try document.select(Selector(parsing: "package.version")).map(\.value) == ["0.5.20"])
        #expect(try document.select(Selector(parsing: "workspace.package.version")).map(\.value) == ["0.5.20"])
        #expect(try document.select(Selector(parsing: "dependencies.serde.version")).map(\.value) == ["1.0.215"])
        #expect(try document.select(Selector(parsing: "dependencies.*.version")).map(\.value) == ["1.0.215", "1.41", "1.11.0"])
        #expect(try document.select(Selector(parsing: "bin[1].name")).map(\.value) == ["chroma-load"])
        #expect(try document.select(Selector(parsing: "bin[*].path")).map(\.value) == ["src/main.rs", "src/load.rs"])
        #expect(try document.select(Selector(parsing: "package.description")).first?.value
            == "A sample crate for tplpatch's TOML tests.\nIts version is the one a release bumps.")
    }

    @Test func goldenPairs() throws {
        let folder = Fixtures.root.appendingPathComponent("toml/golden")
        let cases = try Corpora.text(folder.appendingPathComponent("cases.tsv")).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(cases.count >= 7)
        for line in cases {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 3, "bad line in cases.tsv: \(line)")
            let before = try Corpora.bytes(folder.appendingPathComponent("\(fields[0]).before.toml"))
            let after = try Corpora.bytes(folder.appendingPathComponent("\(fields[0]).after.toml"))
            let document = try TOMLDocument(parsing: SourceText(bytes: before))
            #expect(document.printed() == before, "\(fields[0]): printed() differs")
            let slots = try document.select(Selector(parsing: fields[1]))
            try #require(slots.count == 1, "\(fields[0]): \(fields[1]) matches \(slots.count) slots")
            let (edited, edits) = try document.applyingVerified([SlotChange(slot: slots[0], value: fields[2])])
            #expect(edited.source.bytes == after, "\(fields[0]): got\n\(edited.source.string)")
            #expect(edits.map(\.range) == [slots[0].range])
        }
    }
}
