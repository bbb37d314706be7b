import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

@Suite struct ConfigTests {
    func repository() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("pkg/__init__.py", "__version__ = '0.5.20'\n")
        try scratch.write("deploy/a.cf.json", #"{"Resources": {}, "Parameters": {"ChromaVersion": {"Default": "0.5.20"}}}"#)
        try scratch.write("deploy/b.cf.json", #"{"Resources": {}, "Other": {"Version": "0.5.20"}}"#)
        return scratch
    }

    @Test func configTargetsJoinConventionTargetsOnceEach() throws {
        let scratch = try repository()
        try scratch.write(".tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: pkg/__init__.py
                    at: __version__
                  - file: "deploy/*.cf.json"
                    at: Parameters.ChromaVersion.Default
                  - file: deploy/b.cf.json
                    at: Other.Version

            """)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        let described = plan.entries.map { "\($0.path.dropFirst(scratch.path.count + 1)) \($0.selector) \($0.origin)" }
        #expect(described == [
            "deploy/a.cf.json Parameters.ChromaVersion.Default convention: CloudFormation parameter",
            "deploy/b.cf.json Other.Version config: \(scratch.path)/.tplpatch.yml:8",
            "pkg/__init__.py __version__ config: \(scratch.path)/.tplpatch.yml:4",
        ])
        try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3").apply()
        #expect(try Corpora.text(scratch.url.appendingPathComponent("pkg/__init__.py")) == "__version__ = '1.2.3'\n")
    }

    @Test func conventionsCanBeTurnedOff() throws {
        let scratch = try repository()
        try scratch.write(".tplpatch.yml", """
            variables:
              chroma_version:
                conventions: false
                targets:
                  - {file: pkg/__init__.py, at: __version__}

            """)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map(\.selector) == ["__version__"])
    }

    @Test(arguments: [
        ("variables:\n  chroma_version:\n    target:\n      - file: a\n", "unknown key 'target' under variable 'chroma_version'", "3:5"),
        ("variable:\n  x: 1\n", "unknown key 'variable' in the config", "1:1"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: pkg/__init__.py\n        at: x\n        fromat: json\n", "unknown key 'fromat' in a target", "6:9"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: nope.py\n        at: __version__\n", "'nope.py' matches no file", "4:15"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: pkg/*.py\n        at: VERSION\n", "'VERSION' matches nothing in", "4:15"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: pkg/__init__.py\n", "needs both 'file' and 'at'", "4:15"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: pkg/__init__.py\n        at: a..b\n", "invalid selector 'a..b'", "5:13"),
        ("variables:\n  chroma_version:\n    targets:\n      - file: pkg/__init__.py\n        at: x\n        format: ini\n", "unknown format 'ini'", "6:17"),
        ("variables:\n  chroma_version: [\n", "did not find expected node content", "3:1"),
    ])
    func configProblemsNameTheConfigLine(text: String, message: String, position: String) throws {
        let scratch = try repository()
        try scratch.write(".tplpatch.yml", text)
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            let description = (error as? PatchError)?.description ?? ""
            return description.contains(".tplpatch.yml:\(position): error:") && description.contains(message)
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func globs() {
        let cases: [(String, String, Bool)] = [
            ("deploy/*.json", "deploy/a.json", true), ("deploy/*.json", "deploy/x/a.json", false),
            ("**/package.json", "package.json", true), ("**/package.json", "a/b/package.json", true),
            ("a/**", "a/b/c", true), ("a/**/c.txt", "a/c.txt", true), ("a/**/c.txt", "a/x/y/c.txt", true),
            ("?.py", "a.py", true), ("?.py", "ab.py", false), ("a.json", "a.json", true), ("*.json", "b/a.json", false),
        ]
        for (pattern, path, expected) in cases {
            #expect(Planner.globMatches(pattern, path) == expected, "\(pattern) ~ \(path)")
        }
    }
}

@Suite struct InitTests {
    @Test func proposesSlotsHoldingTheCurrentValueAndWritesThem() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try FileManager.default.removeItem(atPath: root + "/.tplpatch.yml")
        let proposal = try ConfigProposal.propose("chroma_version", planner: Planner(root: root))
        #expect(proposal.value == "0.5.20")
        #expect(proposal.candidates.map { "\($0.file) \($0.selector)" } == ["chromadb/__init__.py __version__"])
        try proposal.write(force: false)
        // The written config is read back, and now finds the Python module too.
        let plan = try Planner(root: root).locate("chroma_version")
        #expect(plan.entries.count == 6)
        #expect(plan.entries.contains { $0.selector == "__version__" && $0.origin.description.hasPrefix("config:") })
        #expect { try proposal.write(force: false) } throws: { error in
            (error as? PatchError)?.description.contains("already exists; pass --force") == true
        }
        try proposal.write(force: true)
    }

    @Test func disagreeingTargetsHaveNoCurrentValue() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("b.tfvars", "chroma_version = \"2\"\n")
        #expect { try ConfigProposal.propose("chroma_version", planner: Planner(root: scratch.path)) } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
    }
}

@Suite struct InitForceTests {
    @Test func replacingAConfigKeepsItsVariablesAndTargets() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try Data("apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: 0.5.20\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/Chart.yaml"))
        let proposal = try ConfigProposal.propose("chroma_version", planner: Planner(root: root))
        #expect(proposal.candidates.map(\.file) == ["Chart.yaml"])
        try proposal.write(force: true)
        let chroma = try Planner(root: root).locate("chroma_version")
        #expect(chroma.entries.count == 7)
        #expect(chroma.entries.contains { $0.selector == "__version__" })
        #expect(try Planner(root: root).locate("js_version").entries.map(\.oldValue) == ["2.4.6"])
    }
}
