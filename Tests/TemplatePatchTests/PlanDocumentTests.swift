import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// `PlanDocument`: a plan written down as JSON and read back, applied only
/// to the bytes it was made from, with every edit proven again.
@Suite struct PlanDocumentTests {
    /// A copy of the Chroma sample and the plan document of `set chroma_version 1.2.3` over it.
    private func sample(in scratch: Scratch) throws -> (String, Plan, PlanDocument) {
        let root = try scratch.copyFixture("chroma")
        let plan = try Planner(root: root).plan(set: "chroma_version", to: "1.2.3")
        return (root, plan, try PlanDocument(plan, name: "chroma_version", value: "1.2.3"))
    }

    @Test func recordsEveryChangedFileWithItsHashAndEdits() throws {
        let scratch = try Scratch()
        let (root, plan, document) = try sample(in: scratch)
        #expect(document.schema == 1)
        #expect(document.name == "chroma_version" && document.value == "1.2.3")
        #expect(document.files.map(\.path) == plan.changedFiles.map(\.diffPath))
        #expect(document.files.count == 6)
        let aws = try #require(document.files.first { $0.path == "deployments/aws/chroma.cf.json" })
        let bytes = try Corpora.bytes(URL(fileURLWithPath: root + "/deployments/aws/chroma.cf.json"))
        #expect(aws.sha256 == Journal.hash(bytes))
        #expect(aws.format == "json")
        let edit = try #require(aws.edits.first)
        #expect(aws.edits.count == 1)
        #expect(edit.selector == "Parameters.ChromaVersion.Default")
        #expect((edit.line, edit.column) == (18, 18))
        #expect(edit.oldText == "\"0.5.20\"" && edit.newText == "\"1.2.3\"")
        #expect(edit.oldValue == "0.5.20" && edit.newValue == "1.2.3" && edit.prefix == "")
        #expect(Array(bytes[edit.start..<edit.end]) == Array(edit.oldText.utf8))
        #expect(edit.origin == PlanDocument.Origin(.convention("CloudFormation parameter")))
    }

    @Test func encodesAndDecodesToTheSameDocument() throws {
        let scratch = try Scratch()
        let (_, _, document) = try sample(in: scratch)
        let bytes = try document.encoded()
        #expect(bytes.last == 0x0A)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"schema\" : 1"))
        #expect(try PlanDocument.decode(bytes, path: "plan.json") == document)
    }

    @Test func theVerifiedPlanWritesWhatSetWrites() throws {
        let scratch = try Scratch()
        let (root, plan, document) = try sample(in: scratch)
        let decoded = try PlanDocument.decode(try document.encoded(), path: "plan.json")
        let verified = try decoded.verifiedPlan(root: root)
        #expect(verified.changedFiles.map(\.path) == plan.changedFiles.map(\.path))
        #expect(verified.changedFiles.map { $0.updated?.bytes } == plan.changedFiles.map { $0.updated?.bytes })
        #expect(verified.diff() == plan.diff())
        try verified.apply()
        #expect(try Planner(root: root).locate("chroma_version").distinctOldValues == ["1.2.3"])
        // Applied once, the files no longer have the plan's hashes.
        let before = try scratch.snapshot()
        #expect { try decoded.verifiedPlan(root: root) } throws: { error in
            (error as? PatchError)?.exitCode == 1
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func yamlAndTOMLTargetsGoThroughAPlanFileToo() throws {
        let scratch = try Scratch()
        try scratch.write(".tplpatch.yml", """
            variables:
              app_version:
                targets:
                  - file: chart/Chart.yaml
                    at: appVersion
                  - file: pyproject.toml
                    at: project.version

            """)
        try scratch.write("chart/Chart.yaml", "apiVersion: v2\nname: app   # the chart\nappVersion: '0.9.1'\nversion: 0.1.0\n")
        try scratch.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"0.9.1\"  # released\n")
        let plan = try Planner(root: scratch.path).plan(set: "app_version", to: "1.0.0")
        let document = try PlanDocument.decode(try PlanDocument(plan, name: "app_version", value: "1.0.0").encoded(), path: "p.json")
        #expect(document.files.map(\.format) == ["yaml", "toml"])
        #expect(document.files.flatMap(\.edits).map(\.newText) == ["'1.0.0'", "\"1.0.0\""])
        let verified = try document.verifiedPlan(root: scratch.path)
        #expect(verified.diff() == plan.diff())
        try verified.apply()
        #expect(try String(contentsOfFile: scratch.path + "/chart/Chart.yaml", encoding: .utf8) == "apiVersion: v2\nname: app   # the chart\nappVersion: '1.0.0'\nversion: 0.1.0\n")
        #expect(try String(contentsOfFile: scratch.path + "/pyproject.toml", encoding: .utf8) == "[project]\nname = \"app\"\nversion = \"1.0.0\"  # released\n")
    }

    @Test func aChangedFileIsNamedEachOneAndNothingIsPlanned() throws {
        let scratch = try Scratch()
        let (root, _, document) = try sample(in: scratch)
        try scratch.write("chroma/deployments/gcp/main.tf", "# edited by hand\n" + String(decoding: try Corpora.bytes(URL(fileURLWithPath: root + "/deployments/gcp/main.tf")), as: UTF8.self))
        try FileManager.default.removeItem(atPath: root + "/chromadb/__init__.py")
        let before = try scratch.snapshot()
        #expect { try document.verifiedPlan(root: root) } throws: { error in
            guard let error = error as? PatchError, error.exitCode == 1 else { return false }
            let text = error.description
            return text.contains("\(root)/deployments/gcp/main.tf: error: changed since the plan was made")
                && text.contains("\(root)/chromadb/__init__.py: error: the file is gone since the plan was made")
                && text.contains("nothing was written")
                && !text.contains("aws/chroma.cf.json")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func editsThatAreNotWhatTplpatchWritesAreRefused() throws {
        let scratch = try Scratch()
        let (root, _, document) = try sample(in: scratch)
        var tampered = document
        let index = try #require(tampered.files.firstIndex { $0.path == "deployments/aws/chroma.cf.json" })
        tampered.files[index].edits[0].newText = "\"1.2.3\", \"Injected\": \"x\""
        #expect { try tampered.verifiedPlan(root: root) } throws: { error in
            (error as? PatchError)?.description.contains("not the ones tplpatch makes") ?? false
        }
        var moved = document
        moved.files[index].edits[0].start -= 1
        #expect { try moved.verifiedPlan(root: root) } throws: { error in
            (error as? PatchError)?.description.contains("are not the plan's old text") ?? false
        }
        var renamed = document
        renamed.files[index].edits[0].selector = "Parameters.Other.Default"
        #expect { try renamed.verifiedPlan(root: root) } throws: { error in
            (error as? PatchError)?.description.contains("does not hold '0.5.20' at these bytes") ?? false
        }
    }

    @Test func aFileThatIsNotAPlanIsAPositionedError() throws {
        func failure(_ text: String) -> String {
            do {
                _ = try PlanDocument.decode(Array(text.utf8), path: "p.json")
                return "decoded"
            } catch {
                return error.description
            }
        }
        #expect(failure("release notes\n").hasPrefix("p.json:1:1: error: not a tplpatch plan (not JSON)"))
        #expect(failure("[1]").hasPrefix("p.json:1:1: error: not a tplpatch plan: the file is not a JSON object"))
        #expect(failure("{\"name\": \"x\"}").contains("error: not a tplpatch plan: it has no \"schema\" field"))
        #expect(failure("{\"schema\": \"one\"}").hasPrefix("p.json:1:12: error: not a tplpatch plan: \"schema\" is one"))
        #expect(failure("{\n  \"schema\": 2,\n  \"files\": []\n}").hasPrefix("p.json:2:13: error: the plan is of schema 2, written by a newer tplpatch"))
        #expect(failure("{\"schema\": 1, \"name\": \"x\", \"value\": \"1\"}").contains("error: not a tplpatch plan: the document has no \"files\" field"))
        let badFile = "{\"schema\": 1, \"name\": \"x\", \"value\": \"1\", \"files\": [\n  {\"path\": \"../up.json\", \"format\": \"json\", \"sha256\": \"\(String(repeating: "0", count: 64))\", \"edits\": []}]}"
        #expect(failure(badFile).hasPrefix("p.json:2:12: error: not a tplpatch plan: '../up.json' is not a path relative to the root"))
        let badType = "{\"schema\": 1, \"name\": \"x\", \"value\": \"1\", \"files\": [\n  {\"path\": \"a.json\", \"format\": \"json\", \"sha256\": 7, \"edits\": []}]}"
        #expect(failure(badType).hasPrefix("p.json:2:50: error: not a tplpatch plan: \"files[0].sha256\" is not a string"))
    }
}
