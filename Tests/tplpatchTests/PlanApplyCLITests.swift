import Foundation
import TestSupport
import Testing

/// `set --plan-out` and `tplpatch apply`, through the built binary.
@Suite struct PlanApplyCLITests {
    @Test func planOutChangesNothingAndApplyWritesWhatSetWould() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let planFile = scratch.path + "/release.plan.json"
        let before = try scratch.snapshot()
        let planned = try CLI.run(["set", "chroma_version", "1.2.3", "--plan-out", planFile], in: root)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("plan written to \(planFile): 6 of 6 target(s) would change in 6 file(s); nothing else written"))
        var after = try scratch.snapshot()
        after["release.plan.json"] = nil
        #expect(after == before)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect((object["files"] as? [Any])?.count == 6)

        // What `set` itself writes, on a second copy.
        let other = try Scratch()
        let reference = try other.copyFixture("chroma")
        let set = try CLI.run(["set", "chroma_version", "1.2.3"], in: reference)
        #expect(set.status == 0)

        let applied = try CLI.run(["apply", planFile, "--root", root])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout == set.stdout.split(separator: "\n").map { "\(root)/\($0)\n" }.joined())
        #expect(applied.stderr.contains("6 of 6 target(s) changed in 6 file(s)"))
        var written = try scratch.snapshot()
        written["release.plan.json"] = nil
        #expect(written.mapValues { $0 } == (try other.snapshot()))

        // Once applied, the files no longer have the plan's hashes: each is named.
        let again = try CLI.run(["apply", planFile], in: root)
        #expect(again.status == 1)
        #expect(again.stderr.components(separatedBy: ": error: changed since the plan was made").count == 7)
        #expect(again.stderr.contains("deployments/aws/chroma.cf.json: error: changed since the plan was made"))
    }

    @Test func aFileChangedSinceThePlanStopsApplyAndNothingIsWritten() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        #expect(try CLI.run(["set", "chroma_version", "1.2.3", "--plan-out", "../p.json"], in: root).status == 0)
        let tfvars = root + "/deployments/gcp/chroma.tfvars"
        try Data((try String(contentsOfFile: tfvars, encoding: .utf8) + "# touched\n").utf8).write(to: URL(fileURLWithPath: tfvars))
        let before = try scratch.snapshot()
        let result = try CLI.run(["apply", "../p.json", "--json"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("deployments/gcp/chroma.tfvars: error: changed since the plan was made (SHA-256 "))
        #expect(result.stderr.contains("nothing was written"))
        #expect(!result.stderr.contains("main.tf"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(try scratch.snapshot() == before)
    }

    @Test func applyDryRunAndJSON() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        #expect(try CLI.run(["set", "js_version", "3.0.0", "--plan-out", "../p.json"], in: root).status == 0)
        let before = try scratch.snapshot()
        let dry = try CLI.run(["apply", "../p.json", "--dry-run"], in: root)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("+  \"version\": \"3.0.0\","))
        #expect(dry.stderr.contains("dry run: 1 of 1 target(s) would change in 1 file(s); nothing written"))
        #expect(try scratch.snapshot() == before)
        let json = try CLI.run(["apply", "../p.json", "--json"], in: root)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "apply")
        #expect(object["name"] as? String == "js_version")
        #expect(object["written"] as? [String] == ["clients/new-js/packages/chromadb/package.json"])
    }

    @Test func aFileThatIsNotAPlanOrIsNewerIsExitOneAndWritesNothing() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try scratch.write("notes.txt", "not json\n")
        try scratch.write("newer.json", "{\n  \"schema\": 2,\n  \"name\": \"chroma_version\",\n  \"value\": \"9\",\n  \"files\": []\n}\n")
        try scratch.write("empty.json", "{\"schema\": 1}\n")
        let before = try scratch.snapshot()
        let notJSON = try CLI.run(["apply", "../notes.txt"], in: root)
        #expect(notJSON.status == 1)
        #expect(notJSON.stderr.hasPrefix("../notes.txt:1:1: error: not a tplpatch plan (not JSON)"))
        let newer = try CLI.run(["apply", "../newer.json"], in: root)
        #expect(newer.status == 1)
        #expect(newer.stderr.hasPrefix("../newer.json:2:13: error: the plan is of schema 2, written by a newer tplpatch; this one reads schema 1"))
        let empty = try CLI.run(["apply", "../empty.json"], in: root)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("error: not a tplpatch plan: the document has no \"name\" field"))
        let missing = try CLI.run(["apply", "../absent.json"], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("../absent.json: error: cannot read the file"))
        #expect(try scratch.snapshot() == before)
    }

    @Test func planOutReplacesAnOlderFileWholeAndADryRunWritesNone() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try scratch.write("p.json", "an older plan\n")
        let dry = try CLI.run(["set", "js_version", "3.0.0", "--plan-out", "../p.json", "--dry-run"], in: root)
        #expect(dry.status == 0)
        #expect(dry.stderr.contains("dry run: 1 of 1 target(s) would change in 1 file(s); nothing written"))
        #expect(try String(contentsOfFile: scratch.path + "/p.json", encoding: .utf8) == "an older plan\n")
        let result = try CLI.run(["set", "js_version", "3.0.0", "--plan-out", "../p.json"], in: root)
        #expect(result.status == 0)
        let text = try String(contentsOfFile: scratch.path + "/p.json", encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"files\" : [") && text.hasSuffix("\"value\" : \"3.0.0\"\n}\n"))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["chroma", "p.json"])
    }

    @Test func planOutRefusesGitStepsAsUsage() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--plan-out", "../p.json", "--commit"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--plan-out changes nothing, so it takes no --branch or --commit"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/p.json"))
        let message = try CLI.run(["set", "chroma_version", "1.2.3", "--message", "x"], in: root)
        #expect(message.status == 2)
        #expect(message.stderr.contains("--message is the commit message: it needs --commit"))
    }
}
