import Foundation
import TestSupport
import Testing

struct ScratchGitFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs the real `git` for a CLI test (in a temporary repository).
func scratchGit(_ arguments: [String], in directory: String) throws {
    let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: directory)
    guard result.status == 0 else {
        throw ScratchGitFailure(description: "git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderrText)")
    }
}

@Suite struct ExcludeCLITests {
    @Test func aHelmTemplateBlocksSetAndTheErrorSaysHowToExcludeIt() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let before = try scratch.snapshot()
        let blocked = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("charts/chroma/templates/deployment.yaml:"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("exclude it with --exclude 'charts/chroma/templates/**' or `exclude: [\"charts/chroma/templates/**\"]` in .tplpatch.yml"))
        #expect(try scratch.snapshot() == before)

        let done = try CLI.run(["set", "chroma_version", "1.2.3", "--exclude", "charts/chroma/templates/**"], in: root)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "chroma.tfvars:1:18  chroma_version  0.5.20 -> 1.2.3\n")
        #expect(try Corpora.text(URL(fileURLWithPath: root + "/charts/chroma/templates/deployment.yaml")).contains(".Values.chroma_version"))
    }

    /// `bump` and `tag` walk the root as `set` does, so they take `--exclude`
    /// too: the Helm template blocks both until it is excluded.
    @Test func bumpAndTagTakeExclude() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let exclude = ["--exclude", "charts/chroma/templates/**"]
        let blocked = try CLI.run(["bump", "chroma_version", "patch"], in: root)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("exclude it with --exclude 'charts/chroma/templates/**'"), "\(blocked.stderr)")

        let bumped = try CLI.run(["bump", "chroma_version", "patch"] + exclude, in: root)
        #expect(bumped.status == 0, "\(bumped.stderr)")
        #expect(bumped.stdout == "chroma.tfvars:1:18  chroma_version  0.5.20 -> 0.5.21\n")

        try scratchGit(["init", "-q", "-b", "main"], in: root)
        try scratchGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A"], in: root)
        try scratchGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start"], in: root)
        let untagged = try CLI.run(["tag", "chroma_version"], in: root)
        #expect(untagged.status == 1, "\(untagged.stdout)\(untagged.stderr)")
        let tagged = try CLI.run(
            ["tag", "chroma_version", "--prefix", "v"] + exclude, in: root,
            environment: ["GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"])
        #expect(tagged.status == 0, "\(tagged.stdout)\(tagged.stderr)")
        let tags = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "tag", "--list"], in: root)
        #expect(tags.stdoutText == "v0.5.21\n")
    }

    @Test func excludeRepeatsAndWorksOnGet() throws {
        let scratch = try Scratch()
        try scratch.write("a/x.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("b/x.tfvars", "chroma_version = \"2\"\n")
        try scratch.write("c/x.tfvars", "chroma_version = \"3\"\n")
        let drift = try CLI.run(["get", "chroma_version"], in: scratch.path)
        #expect(drift.status == 3)
        let one = try CLI.run(["get", "chroma_version", "--exclude", "b", "--exclude=c/*.tfvars"], in: scratch.path)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "a/x.tfvars:1:18  chroma_version  1  (convention: Terraform variable value)\n")
    }

    @Test func aBadExcludeIsAUsageError() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        let before = try scratch.snapshot()
        for pattern in [["--exclude=/abs"], ["--exclude=../x"], ["--exclude", ""]] {
            for command in [["set", "chroma_version", "2"], ["get", "chroma_version"], ["check", "chroma_version"]] {
                let result = try CLI.run(command + pattern, in: scratch.path)
                #expect(result.status == 2, "\(command) \(pattern): \(result.stderr)")
                #expect(result.stderr.contains("--exclude '"), "\(result.stderr)")
            }
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func aBadConfigExcludeIsAnErrorAtItsLineAndWritesNothing() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write(".tplpatch.yml", "exclude:\n  - ok/**\n  - ../up\n")
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "2"], in: scratch.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains(".tplpatch.yml:3:5: error: exclusion '../up' contains '..'"), "\(result.stderr)")
        #expect(try scratch.snapshot() == before)
    }

    @Test func withoutGitOnThePathNothingIsFilteredAndNothingIsSaid() throws {
        let scratch = try Scratch()
        try scratchGit(["init", "-q"], in: scratch.path)
        try scratch.write(".gitignore", "dist/\n")
        try scratch.write("main.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dist/copy.tfvars", "chroma_version = \"1\"\n")
        try FileManager.default.createDirectory(atPath: scratch.path + "/empty-bin", withIntermediateDirectories: true)
        let result = try CLI.run(["get", "chroma_version"], in: scratch.path, environment: ["PATH": scratch.path + "/empty-bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dist/copy.tfvars:1:18"))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func setSkipsGitIgnoredFilesInARealRepository() throws {
        let scratch = try Scratch()
        try scratchGit(["init", "-q"], in: scratch.path)
        try scratch.write(".gitignore", "dist/\n")
        try scratch.write(".git/info/exclude", "*.local.tfvars\n")
        try scratch.write("main.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dist/copy.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dev.local.tfvars", "chroma_version = \"1\"\n")
        let result = try CLI.run(["set", "chroma_version", "2"], in: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "main.tfvars:1:18  chroma_version  1 -> 2\n")
        #expect(try Corpora.text(scratch.url.appendingPathComponent("dist/copy.tfvars")) == "chroma_version = \"1\"\n")
        #expect(try Corpora.text(scratch.url.appendingPathComponent("dev.local.tfvars")) == "chroma_version = \"1\"\n")
    }
}

@Suite struct InitExcludeCLITests {
    @Test func initTakesExcludeToGetPastAHelmTemplate() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let blocked = try CLI.run(["init", "chroma_version"], in: root)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("--exclude 'charts/chroma/templates/**'"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.tplpatch.yml"))
        let done = try CLI.run(["init", "chroma_version", "--exclude", "charts/chroma/templates/**"], in: root)
        #expect(done.status == 0, "\(done.stderr)")
        let config = try Corpora.text(URL(fileURLWithPath: root + "/.tplpatch.yml"))
        #expect(config.contains("- file: charts/chroma/Chart.yaml"))
    }
}
