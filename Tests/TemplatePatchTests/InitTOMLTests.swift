import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// `tplpatch init` reads TOML: a pyproject.toml or Cargo.toml holding the
/// variable's current value is proposed as a target.
@Suite struct InitTOMLTests {
    @Test func pyprojectVersionIsProposedBesideTheTemplate() throws {
        let scratch = try Scratch()
        try scratch.write("deployments/aws/chroma.cf.json", #"{"Resources": {}, "Parameters": {"ChromaVersion": {"Default": "0.5.20"}}}"#)
        try scratch.copyFixture("toml/pyproject.toml", as: "pyproject.toml")
        try scratch.copyFixture("toml/Cargo.toml", as: "rust/Cargo.toml")
        let proposal = try ConfigProposal.propose("chroma_version", planner: Planner(root: scratch.path))
        #expect(proposal.value == "0.5.20")
        #expect(proposal.candidates.map { "\($0.file) \($0.selector)" } == [
            "pyproject.toml project.version", "pyproject.toml tool.poetry.version", "rust/Cargo.toml package.version",
        ])
        #expect(proposal.text.contains("      - file: pyproject.toml   # pyproject.toml version\n        at: project.version\n"))
        try proposal.write(force: false)
        // The written config is read back and now finds the TOML targets too.
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.contains { $0.path.hasSuffix("pyproject.toml") && $0.selector == "project.version" })
        #expect(plan.distinctOldValues == ["0.5.20"])
    }
}
