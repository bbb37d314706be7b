import Foundation
import TestSupport
import Testing

/// `--json` on the commands that gained it with issue 12 (edit, query,
/// parse, init, tag, recover), beyond the README's examples: failures, what
/// is written, and the options `--json` cannot be combined with.
@Suite struct JSONCommandTests {
    static func document(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test func editJSONWritesTheFileAndListsIt() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma", as: "tree")
        let file = "deployments/aws/chroma.cf.json"
        let result = try CLI.run(["edit", file, "Parameters.ChromaVersion.Default", "1.2.3", "--json", "--diff"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.document(result)
        #expect(document["schema"] as? Int == 1 && document["command"] as? String == "edit")
        #expect(document["written"] as? [String] == [file])
        let diff = try #require(document["diff"] as? String)
        let lines = diff.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.map { $0.contains("\"Default\": \"0.5.20\"") } == [true], "\(diff)")
        #expect(lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.map { $0.contains("\"Default\": \"1.2.3\"") } == [true], "\(diff)")
        #expect(!diff.contains("\u{1B}["), "never coloured")
        let target = try #require((document["targets"] as? [[String: Any]])?.first)
        #expect(target["old"] as? String == "0.5.20" && target["new"] as? String == "1.2.3" && target["changed"] as? Bool == true)
        let written = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        #expect(written.contains("\"Default\": \"1.2.3\""))
    }

    @Test func editJSONOfABadSelectorIsTheErrorDocumentAndChangesNothing() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma", as: "tree")
        let before = try scratch.snapshot()
        let result = try CLI.run(["edit", "deployments/aws/chroma.cf.json", "Parameters.Nope.Default", "1.2.3", "--json"], in: root)
        #expect(result.status == 1, "\(result.stderr)")
        let document = try Self.document(result)
        #expect(document["schema"] as? Int == 1 && document["ok"] as? Bool == false)
        let error = try #require((document["errors"] as? [[String: Any]])?.first)
        #expect(error["file"] as? String == "deployments/aws/chroma.cf.json")
        #expect(!result.stderr.isEmpty, "the diagnostics also go to standard error")
        #expect(try scratch.snapshot() == before)
    }

    @Test(arguments: [
        ["parse", "x.json", "--print", "--json"],
        ["edit", "x.json", "a", "1", "--json", "--quiet"],
    ])
    func jsonWithAnOptionThatPrintsOtherwiseIsAUsageError(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func parseJSONOfABrokenFileGivesItsPositionAndExitsOne() throws {
        let scratch = try Scratch()
        let good = try scratch.write("good.json", "{\"a\": 1}\n")
        let bad = try scratch.write("bad.json", "{\"a\": 1,\n \"b\": }\n")
        let result = try CLI.run(["parse", good, bad, "--json"])
        #expect(result.status == 1)
        let document = try Self.document(result)
        #expect(document["ok"] as? Bool == false)
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.count == 2)
        #expect(files[0]["ok"] as? Bool == true && files[0]["values"] as? Int == 1 && files[0]["bytes"] as? Int == 9)
        #expect(files[1]["ok"] as? Bool == false && files[1]["format"] is NSNull)
        let error = try #require((files[1]["errors"] as? [[String: Any]])?.first)
        #expect(error["line"] as? Int == 2 && error["column"] as? Int == 7, "\(error)")
        #expect((error["rendered"] as? String)?.contains("^") == true)
    }

    @Test func queryJSONListsEveryValueAWildcardSelects() throws {
        let root = Fixtures.root.appendingPathComponent("hcl/module").path
        let result = try CLI.run(["query", "terraform.tfvars", "zones[*]", "--json"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.document(result)
        #expect(document["values"] as? [String] == ["us-central1-a", "us-central1-b"])
        #expect((document["targets"] as? [[String: Any]])?.map { $0["selector"] as? String } == ["zones[0]", "zones[1]"])
    }

    @Test func initJSONWritesTheConfigAndSaysSo() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma", as: "tree")
        try FileManager.default.removeItem(atPath: root + "/.tplpatch.yml")
        let result = try CLI.run(["init", "chroma_version", "--json"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.document(result)
        #expect(document["schema"] as? Int == 1 && document["command"] as? String == "init")
        #expect(document["written"] as? Bool == true && document["dryRun"] as? Bool == false)
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        #expect(candidates.contains { $0["file"] as? String == "chromadb/__init__.py" && $0["selector"] as? String == "__version__" })
        let text = try #require(document["text"] as? String)
        #expect(try String(contentsOfFile: root + "/.tplpatch.yml", encoding: .utf8) == text)
        // Again: an existing config is refused, as the error document.
        let again = try CLI.run(["init", "chroma_version", "--json"], in: root)
        #expect(again.status != 0)
        #expect(try Self.document(again)["ok"] as? Bool == false)
    }

    @Test func tagJSONOfDriftIsTheErrorDocumentWithExitThree() throws {
        let sandbox = try GitSandbox(try Scratch())
        try sandbox.scratch.write("repo/a.tfvars", "chroma_version = \"1.0.0\"\n")
        try sandbox.scratch.write("repo/b.tfvars", "chroma_version = \"1.1.0\"\n")
        try sandbox.commitAll("Initial")
        let result = try CLI.run(in: sandbox, ["tag", "chroma_version", "--json"])
        #expect(result.status == 3, "\(result.stderr)")
        let document = try Self.document(result)
        #expect(document["ok"] as? Bool == false)
        #expect(((document["errors"] as? [[String: Any]])?.first?["message"] as? String)?.contains("disagree") == true)
        #expect(try sandbox.git("tag", "--list").isEmpty, "no tag was made")
    }

    @Test func tagJSONAtHEADAlreadyIsNotCreatedAndPushesAgain() throws {
        let sandbox = try GitSandbox(try Scratch())
        try sandbox.scratch.write("repo/a.tfvars", "chroma_version = \"1.0.0\"\n")
        try sandbox.commitAll("Initial")
        let remote = try sandbox.addBareRemote()
        let first = try CLI.run(in: sandbox, ["tag", "chroma_version", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try CLI.run(in: sandbox, ["tag", "chroma_version", "--json", "--push", "origin"])
        #expect(again.status == 0, "\(again.stderr)")
        let document = try Self.document(again)
        #expect(document["created"] as? Bool == false && document["pushed"] as? String == "origin" && document["tag"] as? String == "1.0.0")
        #expect(document["commit"] as? String == (try sandbox.line("rev-parse", "HEAD")))
        #expect(try sandbox.git("tag", "--list", in: remote) == "1.0.0\n")
    }
}
