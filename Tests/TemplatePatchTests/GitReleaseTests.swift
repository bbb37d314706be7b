import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `GitSteps`, `ReleaseTag` and `GitRepository` against the real `git`, in
/// temporary repositories with no user or system config.
@Suite struct GitReleaseTests {
    /// A repository holding a committed copy of the Chroma sample.
    private func plan(_ sandbox: GitSandbox, _ value: String = "1.2.3") throws -> Plan {
        try Planner(root: sandbox.root + "/sample").plan(set: "chroma_version", to: value)
    }

    @Test func statusTakesPathsLiterallyRelativeToTheFolder() throws {
        let sandbox = try GitSandbox(try Scratch())
        try sandbox.scratch.write("repo/sub/a*.json", "{}\n")
        try sandbox.scratch.write("repo/sub/ab.json", "{}\n")
        try sandbox.scratch.write("repo/sub/big.txt", String(repeating: "0123456789abcdef\n", count: 20_000))
        try sandbox.commitAll("Initial")
        try sandbox.scratch.write("repo/sub/ab.json", "{\"a\": 1}\n")
        try sandbox.scratch.write("repo/sub/new.json", "{}\n")
        let git = GitRepository(directory: sandbox.root + "/sub", environment: sandbox.environment)
        #expect(try git.prefix() == "sub/")
        let states = try git.status(of: ["a*.json", "ab.json", "new.json"])
        #expect(states["a*.json"] == nil)
        #expect(states["ab.json"] == GitRepository.PathState(staged: " ", unstaged: "M"))
        #expect(states["new.json"]?.isUntracked == true)
        // Both pipes are drained at once: a large output does not stall git.
        let shown = try git.run(["show", "HEAD:sub/big.txt"])
        #expect(shown.status == 0 && shown.stdout.count == 17 * 20_000)
        let outside = GitRepository(directory: sandbox.scratch.path, environment: sandbox.environment.merging(["GIT_CEILING_DIRECTORIES": sandbox.scratch.url.deletingLastPathComponent().path]) { $1 })
        #expect(try outside.topLevel() == nil)
    }

    @Test func aBumpPlanGoesThroughTheStepsAndAHardLinkedTargetIsRefusedUnlessBroken() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        let target = sandbox.root + "/sample/deployments/gcp/chroma.tfvars"
        let elsewhere = try Scratch()
        #expect(link(target, elsewhere.path + "/shared.tfvars") == 0)
        let bump = try Planner(root: sandbox.root + "/sample").plan(bump: "chroma_version", part: .patch, scheme: .semver)
        #expect(bump.new == "0.5.21")
        let head = try sandbox.line("rev-parse", "HEAD")
        let steps = GitSteps(commit: true)
        let prepared = try steps.prepare(for: bump.plan, name: "chroma_version", value: bump.new, environment: sandbox.environment)
        #expect(prepared.message == "Release chroma_version 0.5.21")
        #expect(throws: PatchError.self) { try prepared.run(writing: bump.plan) }
        #expect(try sandbox.line("rev-parse", "HEAD") == head)
        #expect(try sandbox.line("status", "--porcelain").isEmpty)

        let outcome = try prepared.run(writing: bump.plan, breakingHardLinks: true)
        #expect(outcome.commit == (try sandbox.line("rev-parse", "HEAD")))
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Release chroma_version 0.5.21")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"0.5.21\""))
        #expect(try String(contentsOfFile: elsewhere.path + "/shared.tfvars", encoding: .utf8).contains("\"0.5.20\""))
    }

    @Test func placeholdersAreSubstitutedAndUnknownOnesRefused() throws {
        #expect(try GitSteps.substitute("release/python-{value}", name: "chroma_version", value: "1.2.3", option: "--branch") == "release/python-1.2.3")
        #expect(try GitSteps.substitute("Release {name} {value} {", name: "n", value: "v", option: "--message") == "Release n v {")
        #expect { try GitSteps.substitute("release/{version}", name: "n", value: "v", option: "--branch") } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 2 && error.description.contains("unknown placeholder {version}")
        }
    }

    @Test func branchWriteCommitInThatOrderCommittingOnlyTheChangedFiles() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        // Another file staged: it stays staged and out of the release commit.
        try sandbox.scratch.write("repo/NOTES.md", "unrelated\n")
        try sandbox.git("add", "NOTES.md")
        let plan = try plan(sandbox)
        let steps = GitSteps(branch: "release/python-{value}", commit: true)
        let prepared = try steps.prepare(for: plan, name: "chroma_version", value: "1.2.3", environment: sandbox.environment)
        #expect(prepared.branch == "release/python-1.2.3")
        #expect(prepared.message == "Release chroma_version 1.2.3")
        let outcome = try prepared.run(writing: plan)
        #expect(outcome.branch == "release/python-1.2.3")
        #expect(try sandbox.line("symbolic-ref", "--short", "HEAD") == "release/python-1.2.3")
        #expect(try sandbox.line("rev-parse", "HEAD") == outcome.commit)
        #expect(try sandbox.line("log", "-1", "--format=%s") == "Release chroma_version 1.2.3")
        let committed = try sandbox.line("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(String.init).sorted()
        #expect(committed == plan.changedFiles.map { "sample/" + $0.diffPath }.sorted())
        #expect(committed.count == 6)
        #expect(try sandbox.line("status", "--porcelain") == "A  NOTES.md")
    }

    @Test func dirtyTargetsAnExistingBranchOrNoRepositoryAreRefusedBeforeAnythingChanges() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        let main = sandbox.root + "/sample/deployments/gcp/main.tf"
        let cfn = sandbox.root + "/sample/deployments/aws/chroma.cf.json"
        try Data((try String(contentsOfFile: main, encoding: .utf8) + "\n# local note\n").utf8).write(to: URL(fileURLWithPath: main))
        try Data((try String(contentsOfFile: cfn, encoding: .utf8) + "\n").utf8).write(to: URL(fileURLWithPath: cfn))
        try sandbox.git("add", "sample/deployments/aws/chroma.cf.json")
        let before = try sandbox.scratch.snapshot()
        let dirty = try plan(sandbox)
        #expect { try GitSteps(commit: true).prepare(for: dirty, name: "chroma_version", value: "1.2.3", environment: sandbox.environment) } throws: { error in
            guard let error = error as? PatchError, error.exitCode == 1 else { return false }
            return error.description.contains("gcp/main.tf: error: has unstaged changes (M) in git")
                && error.description.contains("aws/chroma.cf.json: error: has staged changes (M) in git")
                && !error.description.contains("azure")
        }
        // The refusal changed nothing, the repository (.git, its index) included.
        #expect(try sandbox.scratch.snapshot() == before)
        try sandbox.git("checkout", "--quiet", "HEAD", "--", ".")
        try sandbox.git("branch", "release/1.2.3")
        let clean = try plan(sandbox)
        #expect { try GitSteps(branch: "release/{value}").prepare(for: clean, name: "chroma_version", value: "1.2.3", environment: sandbox.environment) } throws: { error in
            (error as? PatchError)?.description.contains("the branch 'release/1.2.3' exists already") ?? false
        }
        #expect { try GitSteps(branch: "bad..name").prepare(for: clean, name: "chroma_version", value: "1.2.3", environment: sandbox.environment) } throws: { error in
            (error as? PatchError)?.exitCode == 2
        }
        try sandbox.scratch.write("repo/sample/new/extra.cf.json", """
            {"AWSTemplateFormatVersion": "2010-09-09", "Parameters": {"ChromaVersion": {"Type": "String", "Default": "0.5.20"}}}
            """)
        #expect { try GitSteps(commit: true).prepare(for: try plan(sandbox), name: "chroma_version", value: "1.2.3", environment: sandbox.environment) } throws: { error in
            (error as? PatchError)?.description.contains("extra.cf.json: error: is untracked (not in git); add and commit it first") ?? false
        }
        let outside = try Scratch()
        try outside.write("a.cf.json", """
            {"AWSTemplateFormatVersion": "2010-09-09", "Parameters": {"ChromaVersion": {"Type": "String", "Default": "0.5.20"}}}
            """)
        let loose = try Planner(root: outside.path).plan(set: "chroma_version", to: "1.2.3")
        #expect { try GitSteps(commit: true).prepare(for: loose, name: "chroma_version", value: "1.2.3", environment: sandbox.environment) } throws: { error in
            (error as? PatchError)?.description.contains("is not inside one") ?? false
        }

    }

    @Test func aFailedCommitSaysTheFilesAreWrittenButNotCommitted() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        // A hook that refuses every commit.
        let hook = sandbox.root + "/.git/hooks/pre-commit"
        try Data("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let plan = try plan(sandbox)
        let prepared = try GitSteps(commit: true).prepare(for: plan, name: "chroma_version", value: "1.2.3", environment: sandbox.environment)
        #expect { try prepared.run(writing: plan) } throws: { error in
            guard let error = error as? PatchError, error.exitCode == 1 else { return false }
            return error.description.contains("no commits today") && error.description.contains("6 file(s) were written but NOT committed")
        }
        #expect(try Planner(root: sandbox.root + "/sample").locate("chroma_version").distinctOldValues == ["1.2.3"])
        #expect(try sandbox.line("rev-list", "--count", "HEAD") == "1")
    }

    @Test func tagIsAnnotatedAtHeadIdempotentThereAndRefusedElsewhere() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        let bare = try sandbox.addBareRemote()
        let located = try Planner(root: sandbox.root + "/sample").locate("chroma_version")
        let first = try ReleaseTag.make(for: located, name: "chroma_version", prefix: "v", push: "origin", environment: sandbox.environment)
        #expect(first.tag == "v0.5.20" && first.created && first.pushed == "origin")
        #expect(first.commit == (try sandbox.line("rev-parse", "HEAD")))
        #expect(try sandbox.line("cat-file", "-t", "v0.5.20") == "tag")
        #expect(try sandbox.line("tag", "-l", "--format=%(contents:subject)", "v0.5.20") == "Release chroma_version 0.5.20")
        #expect(try sandbox.line("rev-parse", "v0.5.20^{commit}") == first.commit)
        #expect(try sandbox.git("rev-parse", "refs/tags/v0.5.20^{commit}", in: bare).hasPrefix(first.commit))
        let again = try ReleaseTag.make(for: located, name: "chroma_version", prefix: "v", environment: sandbox.environment)
        #expect(again.created == false && again.commit == first.commit)
        try sandbox.scratch.write("repo/NOTES.md", "later\n")
        try sandbox.commitAll("Later")
        #expect { try ReleaseTag.make(for: located, name: "chroma_version", prefix: "v", environment: sandbox.environment) } throws: { error in
            guard let error = error as? PatchError, error.exitCode == 1 else { return false }
            return error.description.contains("the tag 'v0.5.20' exists already at \(first.commit.prefix(12)), not at HEAD")
        }
    }

    @Test func tagRefusesDriftAndUncommittedTargets() throws {
        let sandbox = try GitSandbox.chromaSample(in: "sample")
        try sandbox.scratch.write("repo/sample/deployments/gcp/chroma.tfvars", "chroma_version = \"0.6.0\"\n")
        let drift = try Planner(root: sandbox.root + "/sample").locate("chroma_version")
        #expect { try ReleaseTag.make(for: drift, name: "chroma_version", environment: sandbox.environment) } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
        try sandbox.git("checkout", "--quiet", "HEAD", "--", ".")
        try Planner(root: sandbox.root + "/sample").plan(set: "chroma_version", to: "0.7.0").apply()
        let uncommitted = try Planner(root: sandbox.root + "/sample").locate("chroma_version")
        #expect { try ReleaseTag.make(for: uncommitted, name: "chroma_version", environment: sandbox.environment) } throws: { error in
            guard let error = error as? PatchError, error.exitCode == 1 else { return false }
            return error.description.contains("so HEAD may not hold 0.7.0")
        }
        #expect(try sandbox.git("tag", "-l").isEmpty)
    }
}
