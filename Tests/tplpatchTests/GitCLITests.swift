import Foundation
import TestSupport
import Testing

/// `set --branch --commit`, `apply --commit` and `tag`, through the built
/// binary, against the real `git` in temporary repositories.
@Suite struct GitCLITests {
    @Test func setOnABranchWithACommit() throws {
        let sandbox = try GitSandbox.chromaSample()
        let result = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--branch", "release/python-{value}", "--commit"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("created and switched to the branch 'release/python-1.2.3'"))
        let head = try sandbox.line("rev-parse", "HEAD")
        #expect(result.stderr.contains("committed 6 file(s) as \(head.prefix(12)): Release chroma_version 1.2.3"))
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "release/python-1.2.3")
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Release chroma_version 1.2.3")
        #expect(try sandbox.line("status", "--porcelain").isEmpty)
        #expect(try sandbox.line("rev-parse", "main") != head)
        // The message is --message's, substituted; the python target is the config's.
        let message = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.4", "--commit", "--message", "Bump {name} to {value}"])
        #expect(message.status == 0, "\(message.stderr)")
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Bump chroma_version to 1.2.4")
        // Nothing to change: no branch, no commit.
        let nothing = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.4", "--branch", "again-{value}", "--commit"])
        #expect(nothing.status == 0)
        #expect(nothing.stderr.contains("nothing changed: no branch created, no commit made"))
        #expect(try sandbox.git("branch", "--list", "again-1.2.4").isEmpty)
    }

    @Test func aDirtyTargetOrAnExistingBranchIsExitOneAndNothingChanges() throws {
        let sandbox = try GitSandbox.chromaSample()
        try sandbox.scratch.write("repo/deployments/gcp/chroma.tfvars", "chroma_version = \"0.5.20\" # local\n")
        try sandbox.git("branch", "release/1.2.3")
        let before = try sandbox.files()
        let dirty = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--commit"])
        #expect(dirty.status == 1)
        #expect(dirty.stderr.contains("deployments/gcp/chroma.tfvars: error: has unstaged changes (M) in git; commit or stash them first"))
        #expect(dirty.stderr.contains("nothing was written, no branch was created"))
        #expect(try sandbox.files() == before)
        try sandbox.git("checkout", "--quiet", "--", ".")
        let clean = try sandbox.files()
        let exists = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--branch", "release/{value}"])
        #expect(exists.status == 1)
        #expect(exists.stderr.contains("the branch 'release/1.2.3' exists already; nothing was written"))
        #expect(try sandbox.files() == clean)
        let typo = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--branch", "release/{version}"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown placeholder {version}"))
        let dry = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--branch", "rel-{value}", "--commit", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stderr.contains("would create and switch to the branch 'rel-1.2.3'"))
        #expect(dry.stderr.contains("would commit 6 file(s): Release chroma_version 1.2.3"))
        #expect(try sandbox.files() == clean)
        #expect(try sandbox.git("branch", "--list", "rel-1.2.3").isEmpty)
    }

    @Test func aFailedCommitIsExitOneAndSaysTheFilesAreWrittenNotCommitted() throws {
        let sandbox = try GitSandbox.chromaSample()
        let hook = sandbox.root + "/.git/hooks/pre-commit"
        try Data("#!/bin/sh\necho 'refused by the hook' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let result = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--branch", "release/{value}", "--commit"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: git commit failed: refused by the hook"))
        #expect(result.stderr.contains("note: 6 file(s) were written on the branch 'release/1.2.3' but NOT committed: chromadb/__init__.py, "))
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "release/1.2.3")
        #expect(try sandbox.line("rev-list", "--count", "HEAD") == "1")
        #expect(try sandbox.line("status", "--porcelain").split(separator: "\n").count == 6)
    }

    /// A file git ignores is not found by convention (see "Exclusions"), so
    /// it is neither written nor committed; named by its path in the
    /// config it is still a target, and then `--commit` refuses it.
    @Test func anIgnoredTargetCannotBeCommitted() throws {
        let sandbox = try GitSandbox.chromaSample()
        try sandbox.scratch.write("repo/.gitignore", "deployments/gcp/chroma.tfvars\nchromadb/__init__.py\n")
        try sandbox.git("rm", "--cached", "--quiet", "deployments/gcp/chroma.tfvars", "chromadb/__init__.py")
        try sandbox.git("add", ".gitignore")
        try sandbox.git("commit", "--quiet", "--message", "Ignore the GCP values and the package")
        let ignoredByConvention = try Corpora.text(URL(fileURLWithPath: sandbox.root + "/deployments/gcp/chroma.tfvars"))
        let result = try CLI.run(in: sandbox, ["set", "chroma_version", "1.2.3", "--commit"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("chromadb/__init__.py: error: is ignored by git, so --commit cannot commit it"), "\(result.stderr)")
        #expect(!result.stderr.contains("deployments/gcp/chroma.tfvars"), "\(result.stderr)")
        #expect(try sandbox.line("status", "--porcelain").isEmpty)
        #expect(try Corpora.text(URL(fileURLWithPath: sandbox.root + "/deployments/gcp/chroma.tfvars")) == ignoredByConvention)
    }

    @Test func outsideAWorkTreeTheGitStepsAreExitOne() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let home = scratch.path + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let environment = ["HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": scratch.path]
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--commit"], in: root, environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--branch and --commit need a git work tree"))
        #expect(try scratch.snapshot() == before)
    }

    @Test func applyTakesTheGitStepsToo() throws {
        let sandbox = try GitSandbox.chromaSample()
        let plan = sandbox.scratch.path + "/p.json"
        #expect(try CLI.run(in: sandbox, ["set", "chroma_version", "2.0.0", "--plan-out", plan]).status == 0)
        let result = try CLI.run(in: sandbox, ["apply", plan, "--branch", "release/{name}-{value}", "--commit"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "release/chroma_version-2.0.0")
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Release chroma_version 2.0.0")
    }

    @Test func tagCreatesPushesAndRefuses() throws {
        let sandbox = try GitSandbox.chromaSample()
        let bare = try sandbox.addBareRemote()
        let first = try CLI.run(in: sandbox, ["tag", "chroma_version", "--prefix", "v", "--push", "origin"])
        #expect(first.status == 0, "\(first.stderr)")
        let head = try sandbox.line("rev-parse", "HEAD")
        #expect(first.stdout == "tagged \(head.prefix(12)) as v0.5.20\npushed v0.5.20 to origin\n")
        #expect(try sandbox.line("cat-file", "-t", "v0.5.20") == "tag")
        #expect(try sandbox.git("rev-parse", "v0.5.20^{commit}", in: bare).hasPrefix(head))
        let again = try CLI.run(in: sandbox, ["tag", "chroma_version", "--prefix", "v"])
        #expect(again.status == 0)
        #expect(again.stdout == "the tag v0.5.20 is at HEAD (\(head.prefix(12))) already\n")
        let plain = try CLI.run(in: sandbox, ["tag", "chroma_version", "--message", "Chroma {value}"])
        #expect(plain.status == 0)
        #expect(try sandbox.line("tag", "-l", "--format=%(contents:subject)", "0.5.20") == "Chroma 0.5.20")
        try sandbox.scratch.write("repo/NOTES.md", "later\n")
        try sandbox.commitAll("Later")
        let elsewhere = try CLI.run(in: sandbox, ["tag", "chroma_version", "--prefix", "v"])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("the tag 'v0.5.20' exists already at \(head.prefix(12)), not at HEAD"))
    }

    @Test func aFailedPushIsExitOneAndKeepsTheTag() throws {
        let sandbox = try GitSandbox.chromaSample()
        let result = try CLI.run(in: sandbox, ["tag", "chroma_version", "--push", "nowhere"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot push the tag '0.5.20' to nowhere: "))
        #expect(result.stderr.contains("note: the tag '0.5.20' was made here but not pushed"))
        #expect(try sandbox.line("tag", "-l") == "0.5.20")
        // A retry once the remote exists pushes the tag that is there.
        let bare = try sandbox.addBareRemote("nowhere")
        let retry = try CLI.run(in: sandbox, ["tag", "chroma_version", "--push", "nowhere"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.hasSuffix("already\npushed 0.5.20 to nowhere\n"))
        #expect(try sandbox.git("tag", "-l", in: bare) == "0.5.20\n")
    }

    @Test func tagOnDriftListsTheTargetsAndExitsThree() throws {
        let sandbox = try GitSandbox.chromaSample()
        try sandbox.scratch.write("repo/deployments/gcp/chroma.tfvars", "chroma_version = \"0.6.0\"\n")
        try sandbox.commitAll("Drift")
        let result = try CLI.run(in: sandbox, ["tag", "chroma_version"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("deployments/gcp/chroma.tfvars:1:18  chroma_version  0.6.0  (convention: "))
        #expect(result.stdout.contains("deployments/aws/chroma.cf.json:18:18  Parameters.ChromaVersion.Default  0.5.20"))
        #expect(result.stderr.contains("error: the targets of chroma_version disagree: "))
        #expect(try sandbox.git("tag", "-l").isEmpty)
    }
}
