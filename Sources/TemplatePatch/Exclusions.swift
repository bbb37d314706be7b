#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Globs naming files and folders that discovery, config globs and `check`
/// pass over (`--exclude GLOB`, `exclude:` in `.tplpatch.yml`).
///
/// A pattern is matched against root-relative, `/`-separated paths with the
/// config's own glob matcher: `*` and `?` within one segment, `**` across
/// segments, everything else literal. It is anchored at the root, as a
/// config target's `file` is: `*.md` is the Markdown files at the top, and
/// `**/*.md` every Markdown file. A pattern that matches a folder excludes
/// everything under it (`charts` and `charts/*` exclude `charts/x/a.yaml`
/// as `charts/**` does). A leading `./` and a trailing `/` are dropped.
public struct Exclusions: Sendable, Equatable {
    /// The patterns as given (after dropping a leading `./` and a trailing `/`).
    public private(set) var patterns: [String]

    /// Exclusions from `patterns`; each must be valid (see `problem(with:)`).
    public init(_ patterns: [String] = []) {
        self.patterns = []
        for pattern in patterns { add(pattern) }
    }

    /// Adds one pattern (normalised as `init` does).
    public mutating func add(_ pattern: String) {
        patterns.append(Exclusions.normalised(pattern))
    }

    /// Both lists, `self`'s first.
    public func merged(with other: Exclusions) -> Exclusions {
        var result = self
        result.patterns += other.patterns
        return result
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// Why `pattern` cannot be an exclusion, or nil: it is empty, absolute
    /// (patterns are relative to the root), or climbs out with `..`.
    public static func problem(with pattern: String) -> String? {
        if pattern.hasPrefix("/") { return "is an absolute path; an exclusion is a glob relative to the root (write it without the leading /)" }
        let trimmed = normalised(pattern)
        if trimmed.isEmpty { return "is empty; an exclusion names files or folders under the root" }
        if trimmed.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
            return "contains '..'; an exclusion names files or folders under the root"
        }
        return nil
    }

    static func normalised(_ pattern: String) -> String {
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// The first pattern that matches `relative` itself (not its folders),
    /// or nil. `dir/**` also matches `dir`, so the walk need not enter it.
    public func pattern(matching relative: String) -> String? {
        patterns.first { pattern in
            Glob.matches(pattern, relative) || (pattern.hasSuffix("/**") && Glob.matches(String(pattern.dropLast(3)), relative))
        }
    }

    /// The first pattern that excludes `relative`: one that matches the path
    /// or any folder above it. Nil when the path is not excluded.
    public func pattern(excluding relative: String) -> String? {
        guard !patterns.isEmpty else { return nil }
        if let hit = pattern(matching: relative) { return hit }
        var prefix = Substring(relative)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if let hit = pattern(matching: String(prefix)) { return hit }
        }
        return nil
    }

    /// Whether `relative` (a file or folder) is excluded.
    public func excludes(_ relative: String) -> Bool {
        pattern(excluding: relative) != nil
    }
}

/// What git says about the files under a root: which are not ignored.
/// Asked once per run with `git ls-files -co --exclude-standard -z`, run in
/// the root: the tracked files and the untracked ones no `.gitignore`,
/// `.git/info/exclude` or `core.excludesFile` rule ignores. A tracked file
/// is never ignored, whatever the rules say (as git sees it).
public enum GitVisibility: Sendable, Equatable {
    /// The root is in a git work tree; these root-relative paths are not
    /// ignored. A path ending in `/` (an untracked nested repository) or
    /// naming a submodule covers everything under it.
    case listed(Set<String>)
    /// No git, or the root is not inside a work tree: nothing is filtered.
    case notARepository
    /// git ran and failed for another reason (the message): nothing is
    /// filtered, and discovery warns.
    case failed(String)

    /// Asks git about the files under `root`.
    public static func of(root: String) -> GitVisibility {
        guard let run = ChildRun.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"]) else {
            return .notARepository
        }
        if run.status == 0 {
            var paths: Set<String> = []
            for piece in run.stdout.split(separator: 0, omittingEmptySubsequences: true) {
                var path = String(decoding: piece, as: UTF8.self)
                while path.count > 1, path.hasSuffix("/") { path.removeLast() }
                paths.insert(path)
            }
            return .listed(paths)
        }
        let message = String(decoding: run.stderr, as: UTF8.self).trimmingWhitespace
        // 127: no git on PATH (the shell's convention, which ChildRun follows).
        if run.status == 127 || message.contains("not a git repository") { return .notARepository }
        return .failed(message.isEmpty ? "git ls-files exited with status \(run.status)" : message)
    }

    /// Whether the root-relative file `relative` is visible (not ignored).
    public func shows(_ relative: String) -> Bool {
        guard case .listed(let paths) = self else { return true }
        if paths.contains(relative) { return true }
        var prefix = Substring(relative)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if paths.contains(String(prefix)) { return true }
        }
        return false
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}

/// Runs a program found on `PATH` to its end with `posix_spawnp` (safe on
/// any thread, unlike Foundation's `Process.run`), standard input empty,
/// and collects both outputs.
enum ChildRun {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Nil when the program cannot be started at all.
    static func run(_ arguments: [String]) -> Result? {
        guard !arguments.isEmpty else { return nil }
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { return nil }
        guard pipe(&err) == 0 else {
            close(out[0])
            close(out[1])
            return nil
        }
        // Not inherited by a child another thread starts (dup2 clears the
        // flag on the child's own 1 and 2).
        for descriptor in out + err { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and default dispositions,
        // whatever this process has set up.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0])
            close(err[0])
            return spawned == ENOENT ? Result(status: 127, stdout: [], stderr: []) : nil
        }
        let (stdout, stderr) = drain(out[0], err[0])
        close(out[0])
        close(err[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return nil }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exited = (status & 0x7f) == 0
        return Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: stdout, stderr: stderr)
    }

    /// Reads both descriptors to their ends at once, so neither pipe can
    /// fill and stall the child.
    private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var open = [true, true]
        let descriptors = [first, second]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while open[0] || open[1] {
            var polled = (0..<2).map { index in
                pollfd(fd: open[index] ? descriptors[index] : -1, events: Int16(POLLIN), revents: 0)
            }
            let ready = poll(&polled, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where open[index] && polled[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
        }
        return (collected[0], collected[1])
    }
}
