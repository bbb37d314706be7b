import Foundation
import TestSupport
import Testing

/// The `tplpatch-check` hook of `.pre-commit-hooks.yaml`, run by the real
/// pre-commit (from PyPI; scripts/install-deps.sh installs it) in real git
/// repositories, offline: a hook repository holding the package's manifest
/// as committed, and a copy of the Chroma sample. The hook runs the
/// tplpatch on PATH (`language: system`), here the one the tests built.
@Suite struct PreCommitHookTests {
    /// `pre-commit` on PATH; a test that needs it fails without it.
    static func preCommit() throws -> URL {
        try Subprocess.onPath("pre-commit", missing: "pre-commit is not on PATH (scripts/install-deps.sh installs it from PyPI)")
    }

    struct Setup {
        var project: GitSandbox
        var hooks: String
        var environment: [String: String]

        /// Runs pre-commit in the project's work tree.
        func preCommit(_ arguments: [String]) throws -> Subprocess.Result {
            try Subprocess.run(
                try PreCommitHookTests.preCommit(), arguments + ["--color", "never"], in: project.root,
                environment: environment, timeout: 600)
        }

        /// Runs git in the project's work tree with pre-commit's environment
        /// (a commit runs the installed hook).
        func git(_ arguments: [String]) throws -> Subprocess.Result {
            try Subprocess.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: project.root, environment: environment, timeout: 600)
        }
    }

    static func setUp() throws -> Setup {
        let project = try GitSandbox.chromaSample()
        let hooks = try GitSandbox(project.scratch, folder: "hooks")
        try FileManager.default.copyItem(
            atPath: Corpora.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml").path,
            toPath: hooks.root + "/.pre-commit-hooks.yaml")
        try hooks.commitAll("hooks")
        var environment = project.environment
        let bin = CLI.executable.deletingLastPathComponent().path
        environment["PATH"] = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        // pre-commit's clones of the hook repository stay in the scratch folder.
        environment["PRE_COMMIT_HOME"] = project.scratch.url.appendingPathComponent("pre-commit-home").path
        return Setup(project: project, hooks: hooks.root, environment: environment)
    }

    /// Gives one target of chroma_version another value, so the targets disagree.
    static func introduceDrift(in project: GitSandbox) throws {
        let path = project.root + "/deployments/gcp/chroma.tfvars"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"0.5.20\""))
        try text.replacingOccurrences(of: "\"0.5.20\"", with: "\"0.5.21\"").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func tryRepoPassesOnAgreeingVersionsAndFailsOnDrift() throws {
        let setup = try Self.setUp()
        let clean = try setup.preCommit(["try-repo", setup.hooks, "tplpatch-check", "--all-files"])
        #expect(clean.status == 0, "\(clean.stdoutText)\n\(clean.stderrText)")
        #expect(clean.stdoutText.contains("Passed"), "\(clean.stdoutText)")

        try Self.introduceDrift(in: setup.project)
        try setup.project.git("add", "--all")
        let drift = try setup.preCommit(["try-repo", setup.hooks, "tplpatch-check"])
        #expect(drift.status == 1, "\(drift.stdoutText)\n\(drift.stderrText)")
        #expect(drift.stdoutText.contains("Failed"), "\(drift.stdoutText)")
        #expect(drift.stdoutText.contains("exit code: 3"), "\(drift.stdoutText)")
        #expect(drift.stdoutText.contains("the targets of chroma_version disagree: 0.5.20, 0.5.21"), "\(drift.stdoutText)")
    }

    @Test func anInstalledHookStopsACommitThatIntroducesDrift() throws {
        let setup = try Self.setUp()
        let rev = try setup.project.git("rev-parse", "HEAD", in: setup.hooks).trimmingCharacters(in: .whitespacesAndNewlines)
        let config = """
            repos:
              - repo: \(setup.hooks)
                rev: \(rev)
                hooks:
                  - id: tplpatch-check

            """
        try config.write(toFile: setup.project.root + "/.pre-commit-config.yaml", atomically: true, encoding: .utf8)
        let install = try setup.preCommit(["install"])
        #expect(install.status == 0, "\(install.stderrText)")
        try setup.project.git("add", "--all")
        let before = try setup.project.line("rev-parse", "HEAD")
        let first = try setup.git(["commit", "--quiet", "--message", "Add the pre-commit config"])
        #expect(first.status == 0, "\(first.stdoutText)\n\(first.stderrText)")
        let configured = try setup.project.line("rev-parse", "HEAD")
        #expect(configured != before)

        try Self.introduceDrift(in: setup.project)
        try setup.project.git("add", "--all")
        let refused = try setup.git(["commit", "--quiet", "--message", "Half a bump"])
        #expect(refused.status != 0, "the commit with drift went through: \(refused.stdoutText)")
        // git gives a hook's output to its own standard error.
        let said = refused.stdoutText + refused.stderrText
        #expect(said.contains("the targets of chroma_version disagree"), "\(said)")
        #expect(try setup.project.line("rev-parse", "HEAD") == configured)

        // The whole bump, through tplpatch itself, commits.
        let set = try CLI.run(["set", "chroma_version", "0.5.21"], in: setup.project.root, environment: setup.environment)
        #expect(set.status == 0, "\(set.stderr)")
        try setup.project.git("add", "--all")
        let bumped = try setup.git(["commit", "--quiet", "--message", "Release 0.5.21"])
        #expect(bumped.status == 0, "\(bumped.stdoutText)\n\(bumped.stderrText)")
        #expect(try setup.project.line("rev-parse", "HEAD") != configured)
    }

    @Test func checkWithoutANameChecksEveryConfiguredVariable() throws {
        let setup = try Self.setUp()
        let clean = try CLI.run(["check"], in: setup.project.root, environment: setup.environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("chroma_version: "), "\(clean.stderr)")
        #expect(clean.stderr.contains("js_version: "), "\(clean.stderr)")

        try Self.introduceDrift(in: setup.project)
        let drift = try CLI.run(["check"], in: setup.project.root, environment: setup.environment)
        #expect(drift.status == 3, "\(drift.stderr)")
        // The variable after the drifting one is still checked.
        #expect(drift.stderr.contains("js_version: "), "\(drift.stderr)")

        let scratch = try Scratch()
        let none = try CLI.run(["check", "--root", scratch.path])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no NAME given"), "\(none.stderr)")
        let json = try CLI.run(["check", "--json"], in: setup.project.root)
        #expect(json.status == 2, "\(json.stderr)")
    }
}
