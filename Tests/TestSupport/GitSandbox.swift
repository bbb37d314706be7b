import Foundation

/// A git repository in a scratch folder, for tests that run the real `git`:
/// its own HOME (so no user config leaks in), no system config
/// (`GIT_CONFIG_NOSYSTEM`), and a local user name and e-mail.
public final class GitSandbox {
    public let scratch: Scratch
    /// The work tree.
    public let root: String
    /// The environment every git run (and every tplpatch run that runs git) gets.
    public let environment: [String: String]

    /// A new repository at `scratch/repo` on the branch `main`.
    public init(_ scratch: Scratch, folder: String = "repo") throws {
        self.scratch = scratch
        let home = scratch.url.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = [
            "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        ]
        root = scratch.url.appendingPathComponent(folder).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try git("init", "--quiet", "--initial-branch=main")
        try git("config", "user.name", "Release Tester")
        try git("config", "user.email", "release@example.com")
        try git("config", "commit.gpgsign", "false")
        try git("config", "tag.gpgsign", "false")
    }

    /// A new repository holding a committed copy of the Chroma sample
    /// (`fixtures/chroma`): at the top of the work tree, or in `folder`
    /// inside it.
    public static func chromaSample(in folder: String? = nil) throws -> GitSandbox {
        let sandbox = try GitSandbox(try Scratch())
        let sample = Fixtures.root.appendingPathComponent("chroma").path
        if let folder {
            try FileManager.default.copyItem(atPath: sample, toPath: sandbox.root + "/" + folder)
        } else {
            for item in try FileManager.default.contentsOfDirectory(atPath: sample) {
                try FileManager.default.copyItem(atPath: sample + "/" + item, toPath: sandbox.root + "/" + item)
            }
        }
        try sandbox.commitAll("Initial")
        return sandbox
    }

    /// Every file under the scratch folder, .git included, but the tree's
    /// lock file (which every writing run leaves in .git, see `TreeLock`).
    public func files() throws -> [String: [UInt8]] {
        try scratch.snapshot().filter { !$0.key.hasSuffix(".git/tplpatch.lock") }
    }

    /// Runs git in `directory` (default: the work tree); its standard
    /// output, or an error with its standard error when it fails.
    @discardableResult
    public func git(_ arguments: String..., in directory: String? = nil) throws -> String {
        try git(arguments, in: directory)
    }

    @discardableResult
    public func git(_ arguments: [String], in directory: String? = nil) throws -> String {
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: directory ?? root, environment: environment, timeout: 120)
        guard result.status == 0 else {
            throw Subprocess.Failure(description: "git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderrText)")
        }
        return result.stdoutText
    }

    /// Adds every file and commits.
    public func commitAll(_ message: String) throws {
        try git("add", "--all")
        try git("commit", "--quiet", "--message", message)
    }

    /// A bare repository beside the work tree, added as the remote `name`;
    /// returns its path.
    @discardableResult
    public func addBareRemote(_ name: String = "origin") throws -> String {
        let bare = scratch.url.appendingPathComponent("\(name).git").path
        try git("init", "--quiet", "--bare", bare, in: scratch.path)
        try git("remote", "add", name, bare)
        return bare
    }

    /// The output of `git` without its final newline.
    public func line(_ arguments: String...) throws -> String {
        var text = try git(arguments)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
