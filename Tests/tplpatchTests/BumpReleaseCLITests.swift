import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `bump` with the release options it shares with `set` (`--plan-out`,
/// `--branch`, `--commit`, `--message`), `apply` of a bump's plan, and the
/// hard-link refusal on `apply`'s write, through the built binary on real
/// files and the real `git` in temporary repositories.
@Suite struct BumpReleaseCLITests {
    @Test func bumpPlanOutChangesNothingAndApplyWritesWhatBumpWould() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let planFile = scratch.path + "/release.plan.json"
        let before = try scratch.snapshot()
        let planned = try CLI.run(["bump", "chroma_version", "patch", "--plan-out", planFile], in: root)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("chroma_version: 0.5.20 -> 0.5.21 (patch, semver)\n"))
        #expect(planned.stderr.contains("plan written to \(planFile): 6 of 6 target(s) would change in 6 file(s); nothing else written"))
        #expect(planned.stdout.contains("chromadb/__init__.py:12:15  __version__  0.5.20 -> 0.5.21\n"))
        var after = try scratch.snapshot()
        after["release.plan.json"] = nil
        #expect(after == before)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect(object["name"] as? String == "chroma_version")
        #expect(object["value"] as? String == "0.5.21")
        #expect((object["files"] as? [Any])?.count == 6)

        // What `bump` itself writes, on a second copy.
        let other = try Scratch()
        let reference = try other.copyFixture("chroma")
        let bump = try CLI.run(["bump", "chroma_version", "patch"], in: reference)
        #expect(bump.status == 0, "\(bump.stderr)")

        let applied = try CLI.run(["apply", planFile, "--root", root])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout == bump.stdout.split(separator: "\n").map { "\(root)/\($0)\n" }.joined())
        #expect(applied.stderr == "6 of 6 target(s) changed in 6 file(s)\n")
        var written = try scratch.snapshot()
        written["release.plan.json"] = nil
        #expect(written == (try other.snapshot()))

        // Applied once, the plan no longer matches the files.
        let again = try CLI.run(["apply", planFile], in: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("deployments/aws/chroma.cf.json: error: changed since the plan was made"))
    }

    @Test func bumpPlanOutJSONHasTheBumpAndThePlanFile() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let result = try CLI.run(["bump", "chroma_version", "minor", "--plan-out", "../p.json", "--json"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "bump")
        #expect(object["value"] as? String == "0.6.0")
        #expect(object["bump"] as? [String: String] == ["from": "0.5.20", "part": "minor", "scheme": "semver"])
        #expect(object["planOut"] as? String == "../p.json")
        #expect(object["written"] as? [String] == [])
        #expect(object["branch"] == nil && object["commit"] == nil)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/p.json"))
    }

    @Test func bumpPlanOutRefusesGitStepsAsUsage() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let before = try scratch.snapshot()
        let result = try CLI.run(["bump", "chroma_version", "patch", "--plan-out", "../p.json", "--branch", "b"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--plan-out changes nothing, so it takes no --branch or --commit"))
        let message = try CLI.run(["bump", "chroma_version", "patch", "--message", "x"], in: root)
        #expect(message.status == 2)
        #expect(message.stderr.contains("--message is the commit message: it needs --commit"))
        #expect(try scratch.snapshot() == before)
    }

    @Test func bumpOnABranchWithACommitNamesThemByTheNewValue() throws {
        let sandbox = try GitSandbox.chromaSample()
        let initial = try sandbox.line("rev-parse", "HEAD")
        let result = try CLI.run(in: sandbox, ["bump", "chroma_version", "patch", "--branch", "release/python-{value}", "--commit"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("chroma_version: 0.5.20 -> 0.5.21 (patch, semver)\n"))
        #expect(result.stderr.contains("created and switched to the branch 'release/python-0.5.21'"))
        let head = try sandbox.line("rev-parse", "HEAD")
        #expect(result.stderr.contains("committed 6 file(s) as \(head.prefix(12)): Release chroma_version 0.5.21"))
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "release/python-0.5.21")
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Release chroma_version 0.5.21")
        #expect(try sandbox.line("rev-parse", "HEAD~1") == initial)
        #expect(try sandbox.line("rev-parse", "main") == initial)
        #expect(try sandbox.line("status", "--porcelain").isEmpty)
        let committed = try sandbox.line("show", "--name-only", "--format=", "HEAD").split(separator: "\n").sorted()
        #expect(committed == [
            "chromadb/__init__.py", "deployments/aws/chroma.cf.json", "deployments/azure/chroma.tfvars.tf",
            "deployments/azure/main.tf", "deployments/gcp/chroma.tfvars", "deployments/gcp/main.tf",
        ])

        // --message and --json: {name} and {value} are the bumped value's,
        // and the document has both the bump and the git steps.
        let message = try CLI.run(
            in: sandbox, ["bump", "chroma_version", "minor", "--branch", "{name}-{value}", "--commit", "--message", "Bump {name} to {value}", "--json"])
        #expect(message.status == 0, "\(message.stderr)")
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "chroma_version-0.6.0")
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Bump chroma_version to 0.6.0")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(message.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "bump")
        #expect(object["value"] as? String == "0.6.0")
        #expect(object["bump"] as? [String: String] == ["from": "0.5.21", "part": "minor", "scheme": "semver"])
        #expect(object["branch"] as? String == "chroma_version-0.6.0")
        #expect(object["commit"] as? String == (try sandbox.line("rev-parse", "HEAD")))
        #expect(object["planOut"] == nil)

        // Then the tag, named after the bumped value.
        let tag = try CLI.run(in: sandbox, ["tag", "chroma_version", "--prefix", "v"])
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(try sandbox.line("rev-parse", "v0.6.0^{commit}") == (try sandbox.line("rev-parse", "HEAD")))
    }

    @Test func bumpWithADirtyTargetOrAnExistingBranchIsExitOneAndNothingChanges() throws {
        let sandbox = try GitSandbox.chromaSample()
        try sandbox.git("branch", "release/0.5.21")
        let taken = try sandbox.files()
        let existing = try CLI.run(in: sandbox, ["bump", "chroma_version", "patch", "--branch", "release/{value}"])
        #expect(existing.status == 1)
        #expect(existing.stderr.contains("the branch 'release/0.5.21' exists already; nothing was written"))
        #expect(try sandbox.files() == taken)

        try sandbox.scratch.write("repo/deployments/gcp/chroma.tfvars", "chroma_version = \"0.5.20\" # local\n")
        let before = try sandbox.files()
        let dirty = try CLI.run(in: sandbox, ["bump", "chroma_version", "patch", "--commit"])
        #expect(dirty.status == 1)
        #expect(dirty.stderr.contains("deployments/gcp/chroma.tfvars: error: has unstaged changes (M) in git"))
        #expect(dirty.stderr.contains("nothing was written, no branch was created"))
        #expect(try sandbox.files() == before)
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "main")
    }

    @Test func bumpOnDriftWithGitStepsIsExitThreeAndTakesNoStep() throws {
        let sandbox = try GitSandbox.chromaSample()
        let tfvars = sandbox.root + "/deployments/gcp/chroma.tfvars"
        let drifted = try String(contentsOfFile: tfvars, encoding: .utf8).replacingOccurrences(of: "0.5.20", with: "0.6.0")
        try Data(drifted.utf8).write(to: URL(fileURLWithPath: tfvars))
        try sandbox.commitAll("Drift")
        let before = try sandbox.files()
        let result = try CLI.run(in: sandbox, ["bump", "chroma_version", "patch", "--branch", "release/{value}", "--commit"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("disagree"))
        #expect(result.stdout.contains("deployments/gcp/chroma.tfvars:3:18  chroma_version  0.6.0  ("))
        #expect(try sandbox.files() == before)
        #expect(try sandbox.git("branch", "--list", "release/*").isEmpty)
    }

    @Test func applyRefusesAHardLinkedTargetUnlessLinksMayBeBroken() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let planFile = scratch.path + "/p.json"
        let elsewhere = try Scratch()
        let target = root + "/deployments/gcp/chroma.tfvars"
        #expect(link(target, elsewhere.path + "/shared.tfvars") == 0)
        let planned = try CLI.run(["bump", "chroma_version", "patch", "--plan-out", planFile], in: root)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("deployments/gcp/chroma.tfvars: warning: this file has 2 hard links"))
        #expect(planned.stderr.contains("(a real run refuses it)"))
        let before = try scratch.snapshot()

        let dry = try CLI.run(["apply", planFile, "--dry-run"], in: root)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("deployments/gcp/chroma.tfvars: warning: this file has 2 hard links"))
        let refused = try CLI.run(["apply", planFile], in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("deployments/gcp/chroma.tfvars: error: this file has 2 hard links (1 other name(s) for the same file"))
        #expect(refused.stderr.contains("--break-hard-links"))
        #expect(try scratch.snapshot() == before)

        let broken = try CLI.run(["apply", planFile, "--break-hard-links"], in: root)
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"0.5.21\""))
        #expect(try String(contentsOfFile: elsewhere.path + "/shared.tfvars", encoding: .utf8).contains("\"0.5.20\""))
        var info = stat()
        #expect(stat(target, &info) == 0 && info.st_nlink == 1)
    }

    @Test func applyWithGitStepsRefusesAHardLinkedTargetBeforeAnyCommit() throws {
        let sandbox = try GitSandbox.chromaSample()
        let elsewhere = try Scratch()
        #expect(link(sandbox.root + "/deployments/gcp/chroma.tfvars", elsewhere.path + "/shared.tfvars") == 0)
        let plan = sandbox.scratch.path + "/p.json"
        #expect(try CLI.run(in: sandbox, ["bump", "chroma_version", "patch", "--plan-out", plan]).status == 0)
        let head = try sandbox.line("rev-parse", "HEAD")
        let result = try CLI.run(in: sandbox, ["apply", plan, "--commit"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("this file has 2 hard links"))
        #expect(try sandbox.line("rev-parse", "HEAD") == head)
        #expect(try sandbox.line("status", "--porcelain").isEmpty)
    }
}
