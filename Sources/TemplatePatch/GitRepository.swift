#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

/// A git work tree, driven through the real `git` program: the release
/// steps of `set --branch/--commit` and `tag` (see `GitRelease`), and what
/// other tools need to do the same.
///
/// Every command runs as `git -C directory --literal-pathspecs ...`, so a
/// path is always one file (a name holding `*` or `:` is not a pattern),
/// with the process's environment plus `GIT_OPTIONAL_LOCKS=0` (so `status`
/// does not rewrite the index) plus `environment`. Paths passed in are
/// relative to `directory`.
public struct GitRepository: Sendable {
    /// A folder inside the work tree; git runs there.
    public var directory: String
    /// The git program: a path, or a name looked up in `PATH`.
    public var executable: String
    /// Variables added to this process's environment for every git run.
    public var environment: [String: String]

    public init(directory: String, executable: String = "git", environment: [String: String] = [:]) {
        self.directory = directory
        self.executable = executable
        self.environment = environment
    }

    /// What one git run gave.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var text: String { String(decoding: stdout, as: UTF8.self) }
        /// The standard error, trimmed, for messages.
        public var message: String { trimmed(String(decoding: stderr, as: UTF8.self)) }
    }

    /// The state of a path in `git status` (porcelain v1 `XY`, or
    /// untracked / ignored).
    public struct PathState: Sendable, Equatable, CustomStringConvertible {
        /// The index column (` ` when the index matches HEAD).
        public var staged: Character
        /// The work tree column (` ` when the file matches the index).
        public var unstaged: Character

        public init(staged: Character, unstaged: Character) {
            self.staged = staged
            self.unstaged = unstaged
        }

        public var isUntracked: Bool { staged == "?" }
        public var isIgnored: Bool { staged == "!" }

        /// `is untracked (not in git)`, `is ignored by git`, or `has staged
        /// changes (M) and unstaged changes (M) in git`, for messages.
        public var description: String {
            if isUntracked { return "is untracked (not in git)" }
            if isIgnored { return "is ignored by git" }
            var parts: [String] = []
            if staged != " " { parts.append("staged changes (\(staged))") }
            if unstaged != " " { parts.append("unstaged changes (\(unstaged))") }
            return "has " + parts.joined(separator: " and ") + " in git"
        }
    }

    // MARK: Running git

    /// Runs `git arguments...` to its end. Throws only when git cannot be
    /// started; a non-zero status is in the output.
    public func run(_ arguments: [String]) throws(PatchError) -> Output {
        let argv = [executable, "-C", directory, "--literal-pathspecs"] + arguments
        // A question (`git status`) must not write the index either: a
        // refused release leaves the repository as it was, .git included.
        var environment = ["GIT_OPTIONAL_LOCKS": "0"]
        for (key, value) in self.environment { environment[key] = value }
        switch ChildProcess.run(argv, environment: environment) {
        case .success(let output): return output
        case .failure(let message):
            throw PatchError([Diagnostic(.error, "cannot run git (\(executable)): \(message)")])
        }
    }

    /// Runs git and returns its standard output, or throws with its
    /// standard error when it fails, as `what failed: git's message`.
    @discardableResult
    func succeed(_ arguments: [String], _ what: String) throws(PatchError) -> String {
        let output = try run(arguments)
        guard output.status == 0 else {
            let said = output.message.isEmpty ? "git exited with status \(output.status)" : output.message
            throw PatchError([Diagnostic(.error, "\(what): \(said)")])
        }
        return output.text
    }

    // MARK: Questions

    /// The top of the work tree holding `directory`, or nil when it is not
    /// inside one.
    public func topLevel() throws(PatchError) -> String? {
        let output = try run(["rev-parse", "--show-toplevel"])
        guard output.status == 0 else { return nil }
        let top = trimmedLine(output.text)
        return top.isEmpty ? nil : top
    }

    /// `directory` relative to the top of the work tree ("" at the top,
    /// else ending in `/`).
    public func prefix() throws(PatchError) -> String {
        trimmedLine(try succeed(["rev-parse", "--show-prefix"], "cannot find the folder in the git work tree"))
    }

    /// The state of each of `paths` that is not clean: changed in the index
    /// or the work tree, untracked, or ignored. A clean path is not listed.
    public func status(of paths: [String]) throws(PatchError) -> [String: PathState] {
        guard !paths.isEmpty else { return [:] }
        let prefix = try prefix()
        let output = try run(
            ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--no-renames", "--"] + paths)
        guard output.status == 0 else {
            throw PatchError([Diagnostic(.error, "git status failed: \(output.message)")])
        }
        // Porcelain paths are relative to the top of the work tree.
        var byTopPath: [String: PathState] = [:]
        for record in output.stdout.split(separator: 0, omittingEmptySubsequences: true) where record.count > 3 {
            let bytes = Array(record)
            byTopPath[String(decoding: bytes[3...], as: UTF8.self)] = PathState(
                staged: Character(Unicode.Scalar(bytes[0])), unstaged: Character(Unicode.Scalar(bytes[1])))
        }
        var result: [String: PathState] = [:]
        for path in paths {
            if let state = byTopPath[prefix + path] { result[path] = state }
        }
        return result
    }

    /// The commit `revision` names (`HEAD`, `refs/tags/v1`), or nil when it
    /// names none.
    public func commit(of revision: String) throws(PatchError) -> String? {
        let output = try run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        guard output.status == 0 else { return nil }
        let hash = trimmedLine(output.text)
        return hash.isEmpty ? nil : hash
    }

    /// Whether a branch of this name exists.
    public func branchExists(_ name: String) throws(PatchError) -> Bool {
        try run(["rev-parse", "--verify", "--quiet", "--end-of-options", "refs/heads/" + name]).status == 0
    }

    /// The branch checked out, or nil on a detached HEAD.
    public func currentBranch() throws(PatchError) -> String? {
        let output = try run(["symbolic-ref", "--quiet", "--short", "HEAD"])
        guard output.status == 0 else { return nil }
        return trimmedLine(output.text)
    }

    /// Why `name` cannot be a branch name, or nil (`git check-ref-format --branch`).
    public func branchNameProblem(_ name: String) throws(PatchError) -> String? {
        guard !name.hasPrefix("-") else { return "'\(name)' is not a valid branch name (it starts with '-')" }
        let output = try run(["check-ref-format", "--branch", name])
        return output.status == 0 ? nil : "'\(name)' is not a valid branch name"
    }

    /// Why `name` cannot be a tag name, or nil (`git check-ref-format`).
    public func tagNameProblem(_ name: String) throws(PatchError) -> String? {
        guard !name.hasPrefix("-") else { return "'\(name)' is not a valid tag name (it starts with '-')" }
        let output = try run(["check-ref-format", "refs/tags/" + name])
        return output.status == 0 ? nil : "'\(name)' is not a valid tag name"
    }

    // MARK: Changes

    /// Creates the branch `name` at HEAD and switches to it; the work
    /// tree's changes stay. Fails when the branch exists.
    public func createBranch(_ name: String) throws(PatchError) {
        try succeed(["switch", "--create", name], "cannot create the branch '\(name)'")
    }

    /// Commits exactly `paths` (their work tree contents; anything else
    /// staged stays staged and out of the commit) with `message`; returns
    /// the new commit.
    @discardableResult
    public func commit(paths: [String], message: String) throws(PatchError) -> String {
        try succeed(["commit", "--quiet", "--message", message, "--only", "--"] + paths, "git commit failed")
        guard let head = try commit(of: "HEAD") else {
            throw PatchError([Diagnostic(.error, "git commit ran, but HEAD names no commit")])
        }
        return head
    }

    /// Creates the annotated tag `name` at HEAD with `message`.
    public func createTag(_ name: String, message: String) throws(PatchError) {
        try succeed(["tag", "--annotate", "--message", message, "--end-of-options", name, "HEAD"], "cannot create the tag '\(name)'")
    }

    /// Pushes the tag `name` to `remote`.
    public func pushTag(_ name: String, to remote: String) throws(PatchError) {
        guard !remote.hasPrefix("-") else { throw PatchError([Diagnostic(.error, "'\(remote)' is not a remote")], exitCode: 2) }
        try succeed(["push", "--quiet", remote, "refs/tags/\(name):refs/tags/\(name)"], "cannot push the tag '\(name)' to \(remote)")
    }
}

private func trimmed(_ text: String) -> String {
    var scalars = Substring(text)
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    return String(scalars)
}

/// The text without its final line break.
private func trimmedLine(_ text: String) -> String {
    var result = Substring(text)
    while result.hasSuffix("\n") || result.hasSuffix("\r") { result.removeLast() }
    return String(result)
}

/// Starting a program and collecting its output, with `posix_spawn`:
/// safe from any thread (Foundation's `Process.run` is not), and the
/// library needs no Foundation for it.
enum ChildProcess {
    enum Outcome {
        case success(GitRepository.Output)
        case failure(String)
    }

    static func run(_ argv: [String], environment extra: [String: String]) -> Outcome {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        // Close-on-exec from the start, so a child another thread starts
        // meanwhile cannot hold our pipes open.
        guard makePipe(&outPipe) == 0 else { return .failure(FileIO.errnoText(errno)) }
        guard makePipe(&errPipe) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            return .failure(FileIO.errnoText(errno))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var merged: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") { merged[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            pointer += 1
        }
        for (key, value) in extra { merged[key] = value }
        let environmentStrings = merged.map { "\($0.key)=\($0.value)" }

        var pid: pid_t = 0
        let spawned: Int32 = withCStrings(argv) { args in
            withCStrings(environmentStrings) { env in
                posix_spawnp(&pid, argv[0], &actions, nil, args, env)
            }
        }
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            return .failure(FileIO.errnoText(spawned))
        }
        let (stdout, stderr) = drain(outPipe[0], errPipe[0])
        close(outPipe[0])
        close(errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(FileIO.errnoText(errno)) }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return .success(GitRepository.Output(status: code, stdout: stdout, stderr: stderr))
    }

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `pipe2(2)`, which Swift's Glibc module leaves out (a GNU extension),
    /// looked up in the C library by name as `FileSystemSync` does.
    private static let pipe2: Pipe2? = {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(address, to: Pipe2.self)
    }()

    /// A pipe whose two ends are close-on-exec; without `pipe2`, `pipe` and
    /// then `fcntl` (a child started between the two may hold it open a while).
    private static func makePipe(_ fds: inout [Int32]) -> Int32 {
        if let pipe2 {
            return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) }
        }
        let made = pipe(&fds)
        guard made == 0 else { return made }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return 0
    }

    /// Reads both pipes to their ends at once, so neither fills and stalls the child.
    private static func drain(_ out: Int32, _ err: Int32) -> ([UInt8], [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var open = 2
        while open > 0 {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    collected[index].append(contentsOf: buffer[0..<n])
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    fds[index].fd = -1
                    open -= 1
                }
            }
        }
        return (collected[0], collected[1])
    }

    /// `strings` as a NULL-terminated array of C strings, for the body only.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
