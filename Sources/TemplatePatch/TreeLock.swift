#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

/// One writer at a time for a tree: an exclusive flock(2) that a writing
/// command takes before it reads anything to plan, and holds until its last
/// write is done. Two runs that read the same old values and both write
/// would each report success while one silently undid the other (a lost
/// update); with the lock the second run waits or fails at once.
///
/// Where the lock lives:
/// - In a git work tree (the root or any folder above it has `.git`), the
///   file `tplpatch.lock` inside that work tree's git directory (`.git`, or
///   the folder a `.git` file names with `gitdir: ...`, as in a linked
///   worktree or a submodule). The file is created once and never removed:
///   removing a lock file races with a run that has just opened it and then
///   locks an unlinked inode while a third run creates a fresh file, so two
///   runs would both "hold" the lock. Git ignores unknown files in its own
///   directory, so `git status` never shows it. While held, it records the
///   holder (pid, host, command line); it is emptied on release.
/// - Elsewhere, the root directory itself: its own descriptor is flocked, so
///   nothing is ever created. The holder is found through `/proc/locks`.
///
/// The lock is released by `release()`, when the value is deinitialised, or
/// by the kernel when the process ends in any way (even SIGKILL), so a crash
/// never leaves a stale lock. Keep a reference for as long as you write:
/// Swift may end an unused local's lifetime early, so call `release()`
/// (e.g. in a `defer`) rather than rely on the end of the scope.
///
/// flock is advisory: it stops other tplpatch runs (and tools that take the
/// same lock), not an editor. On NFS, Linux emulates flock with byte-range
/// locks that the server shares between clients; that needs a file open for
/// writing, so it works for the git-directory lock file but a directory's
/// descriptor cannot be locked there: acquiring fails with an error that
/// says so rather than running unlocked.
public final class TreeLock {
    /// What is locked: the lock file, or the directory whose descriptor is flocked.
    public let path: String
    /// The tree the lock stands for: the git work tree's top level, or the directory.
    public let tree: String
    /// Whether `path` is a lock file in a git directory (else a directory descriptor).
    public let isLockFile: Bool
    private var descriptor: Int32

    private init(path: String, tree: String, isLockFile: Bool, descriptor: Int32) {
        self.path = path
        self.tree = tree
        self.isLockFile = isLockFile
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Where a tree's lock is.
    public struct Location: Sendable, Equatable {
        /// The lock file, or the directory whose descriptor is flocked.
        public var path: String
        /// The git work tree's top level, or the directory itself.
        public var tree: String
        public var isLockFile: Bool

        public init(path: String, tree: String, isLockFile: Bool) {
            self.path = path
            self.tree = tree
            self.isLockFile = isLockFile
        }
    }

    /// Who holds a lock, as far as can be told.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32?
        public var host: String?
        /// The holder's command line, when known (its record, or /proc/PID/cmdline).
        public var commandLine: String?

        public var description: String {
            var text = pid.map { "pid \($0)" } ?? "another process"
            if let host, host != TreeLock.hostName() { text += " on \(host)" }
            if let commandLine { text += " (\(commandLine))" }
            return text
        }
    }

    /// The name of the lock file inside a git directory.
    public static let lockFileName = "tplpatch.lock"

    /// Takes the lock of the tree `root` lies in (see the type's comment).
    /// Without `wait`, a lock held by another run fails at once (exit 1,
    /// naming the holder); with `wait`, it waits for it, at most `timeout`
    /// seconds when given. `waiting` is called once, with the holder, before
    /// waiting begins, so a caller can say why nothing happens.
    public static func acquire(
        for root: String, wait: Bool = false, timeout: Double? = nil, waiting: ((Holder?) -> Void)? = nil
    ) throws(PatchError) -> TreeLock {
        try acquire(at: location(for: root), wait: wait, timeout: timeout, waiting: waiting)
    }

    /// Takes the lock for one file (`tplpatch edit`): that of the git work
    /// tree holding the file (through symbolic links), else of its directory.
    public static func acquire(
        forFile file: String, wait: Bool = false, timeout: Double? = nil, waiting: ((Holder?) -> Void)? = nil
    ) throws(PatchError) -> TreeLock {
        try acquire(at: location(forFile: file), wait: wait, timeout: timeout, waiting: waiting)
    }

    /// Where the lock of the tree holding `root` is, without taking it.
    public static func location(for root: String) throws(PatchError) -> Location {
        guard let real = FileIO.realPath(root), FileIO.isDirectory(real) else {
            throw PatchError([Diagnostic(.error, "is not a directory, so it cannot be the root of a tree to lock", file: root)])
        }
        if let tree = try gitWorkTree(containing: real) {
            return Location(path: tree.gitDirectory + "/" + lockFileName, tree: tree.top, isLockFile: true)
        }
        return Location(path: real, tree: real, isLockFile: false)
    }

    /// The git work tree holding `folder` (a real path): the nearest folder
    /// at or above it with a `.git` entry, and the git directory that entry
    /// stands for. Nil outside git; an error for a `.git` file that names no
    /// git directory. The journal lives in the same git directory.
    static func gitWorkTree(containing folder: String) throws(PatchError) -> (top: String, gitDirectory: String)? {
        var directory = folder
        while true {
            let dotGit = directory == "/" ? "/.git" : directory + "/.git"
            var info = stat()
            if lstat(dotGit, &info) == 0 {
                return (directory, try gitDirectory(dotGit: dotGit, info: info, workTree: directory))
            }
            if directory == "/" || directory.isEmpty || directory == "." { return nil }
            directory = FileIO.parentDirectory(directory)
        }
    }

    /// Where the lock for one file lives: its real path's directory's tree.
    public static func location(forFile file: String) throws(PatchError) -> Location {
        guard let real = FileIO.realPath(file) else {
            throw PatchError([Diagnostic(.error, "cannot read the file: \(FileIO.errnoText(errno))", file: file)])
        }
        return try location(for: FileIO.parentDirectory(real))
    }

    /// The git directory a `.git` entry stands for: itself when a directory;
    /// the `gitdir: PATH` a `.git` file names (relative to the work tree).
    static func gitDirectory(dotGit: String, info: stat, workTree: String) throws(PatchError) -> String {
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { return dotGit }
        var followed = info
        if kind == S_IFLNK, stat(dotGit, &followed) == 0, (followed.st_mode & S_IFMT) == S_IFDIR {
            return FileIO.realPath(dotGit) ?? dotGit
        }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(dotGit)
        } catch {
            throw PatchError([Diagnostic(.error, "cannot lock the tree: \(error.message)", file: dotGit)])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        guard line.hasPrefix("gitdir:") else {
            throw PatchError([Diagnostic(
                .error, "cannot lock the tree: this .git file does not start with 'gitdir: PATH', so its git directory is unknown",
                file: dotGit)])
        }
        var named = String(line.dropFirst("gitdir:".count))
        while named.first == " " || named.first == "\t" { named.removeFirst() }
        while named.last == " " || named.last == "\t" { named.removeLast() }
        let path = named.hasPrefix("/") ? named : (workTree == "/" ? "/" : workTree + "/") + named
        guard let real = FileIO.realPath(path), FileIO.isDirectory(real) else {
            throw PatchError([Diagnostic(.error, "cannot lock the tree: the git directory '\(named)' this .git file names is not a directory", file: dotGit)])
        }
        return real
    }

    /// Takes the lock at `location`.
    public static func acquire(
        at location: Location, wait: Bool = false, timeout: Double? = nil, waiting: ((Holder?) -> Void)? = nil
    ) throws(PatchError) -> TreeLock {
        let fd: Int32
        if location.isLockFile {
            // O_NOFOLLOW: a planted symbolic link must not make tplpatch create or truncate another file.
            var opened = open(location.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
            if opened < 0 && errno == EACCES {
                // Another user's lock file in a shared clone: flock needs no write access (except on NFS).
                opened = open(location.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            }
            fd = opened
        } else {
            fd = open(location.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard fd >= 0 else {
            throw PatchError([Diagnostic(.error, "cannot open the tree's lock: \(FileIO.errnoText(errno))", file: location.path)])
        }
        let lock = TreeLock(path: location.path, tree: location.tree, isLockFile: location.isLockFile, descriptor: fd)
        var attempt = lockNow(fd)
        var holder: Holder?
        // A holder that cannot be told may have finished between the failed
        // attempt and the look-up: try again (a few times) before reporting.
        for _ in 0..<3 {
            guard case .busy = attempt else { break }
            holder = self.holder(of: fd, location: location)
            if holder?.commandLine != nil { break }
            attempt = lockNow(fd)
        }
        switch attempt {
        case .taken:
            break
        case .failed(let code):
            throw unavailable(location, code)
        case .busy:
            guard wait else {
                throw PatchError([Diagnostic(
                    .error,
                    "another run is writing this tree: the lock is held by \(holder?.description ?? "another process"); "
                        + "nothing was read or changed. Pass --wait to wait for it", file: location.tree)])
            }
            waiting?(holder)
            try lock.waitForLock(timeout: timeout)
        }
        if location.isLockFile { lock.writeRecord() }
        return lock
    }

    /// Lets the lock go (idempotent). A lock file's record is emptied first,
    /// so it never names a run that has finished.
    public func release() {
        guard descriptor >= 0 else { return }
        if isLockFile && fcntl(descriptor, F_GETFL) & O_ACCMODE == O_RDWR { _ = ftruncate(descriptor, 0) }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// Whether the lock is still held by this value.
    public var isHeld: Bool { descriptor >= 0 }

    // MARK: Taking

    enum Attempt { case taken, busy, failed(Int32) }

    static func lockNow(_ fd: Int32) -> Attempt {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .taken }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK || code == EAGAIN { return .busy }
            return .failed(code)
        }
    }

    static func unavailable(_ location: Location, _ code: Int32) -> PatchError {
        var message = "cannot lock the tree: flock failed: \(FileIO.errnoText(code))"
        if code == EBADF || code == ENOLCK || code == EOPNOTSUPP || code == EINVAL {
            message += "; this file system does not support flock here"
            if !location.isLockFile { message += " (on NFS a directory cannot be locked; a git work tree's lock file in .git can)" }
        }
        return PatchError([Diagnostic(.error, message, file: location.path)])
    }

    private func waitForLock(timeout: Double?) throws(PatchError) {
        let location = Location(path: path, tree: tree, isLockFile: isLockFile)
        guard let timeout else {
            while flock(descriptor, LOCK_EX) != 0 {
                let code = errno
                if code == EINTR { continue }
                throw TreeLock.unavailable(location, code)
            }
            return
        }
        // flock has no timeout of its own: poll, with short sleeps, against the monotonic clock.
        let deadline = TreeLock.now() + max(0, timeout)
        var pause = 0.005
        while true {
            switch TreeLock.lockNow(descriptor) {
            case .taken: return
            case .failed(let code): throw TreeLock.unavailable(location, code)
            case .busy: break
            }
            let left = deadline - TreeLock.now()
            if left <= 0 {
                let holder = TreeLock.holder(of: descriptor, location: location)
                throw PatchError([Diagnostic(
                    .error,
                    "gave up waiting for the tree's lock after \(TreeLock.seconds(timeout)) s: it is still held by "
                        + "\(holder?.description ?? "another process"); nothing was read or changed", file: tree)])
            }
            TreeLock.sleep(min(pause, left))
            pause = min(pause * 2, 0.1)
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func sleep(_ seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: The holder

    /// Writes this run's record into the lock file: `pid`, `host` and
    /// `command` lines. Best effort: the lock holds without it.
    private func writeRecord() {
        guard fcntl(descriptor, F_GETFL) & O_ACCMODE == O_RDWR else { return }
        let command = TreeLock.quoted(CommandLine.arguments)
        let record = "pid \(getpid())\nhost \(TreeLock.hostName())\ncommand \(command)\n"
        _ = ftruncate(descriptor, 0)
        let bytes = Array(record.utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Who holds the lock `fd` is open on: the pid from /proc/locks (Linux),
    /// the command line from the lock file's record when it names that pid,
    /// else from /proc/PID/cmdline.
    static func holder(of fd: Int32, location: Location) -> Holder? {
        let record = location.isLockFile ? readRecord(fd) : nil
        var info = stat()
        let fromKernel = fstat(fd, &info) == 0 ? lockingPID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) : nil
        guard let pid = fromKernel ?? record?.pid else { return record }
        if let record, record.pid == pid { return record }
        return Holder(pid: pid, host: nil, commandLine: commandLine(of: pid))
    }

    static func readRecord(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        var holder = Holder()
        for line in String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let value = String(line[line.index(after: space)...])
            switch line[..<space] {
            case "pid": holder.pid = Int32(value)
            case "host": holder.host = value
            case "command": holder.commandLine = value
            default: break
            }
        }
        return holder.pid == nil ? nil : holder
    }

    /// The pid /proc/locks gives for the flock on (device, inode); nil where
    /// there is no /proc/locks or no such lock.
    static func lockingPID(device: UInt64, inode: UInt64) -> Int32? {
        guard let bytes = try? FileIO.read("/proc/locks") else { return nil }
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        var sameInode: Int32?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // `N: FLOCK ADVISORY WRITE pid maj:min:inode start end`; a waiter's line has `->` after `N:`.
            guard fields.count >= 6, fields[1] == "FLOCK", let pid = Int32(fields[4]) else { continue }
            let place = fields[5].split(separator: ":")
            guard place.count == 3, UInt64(place[2]) == inode else { continue }
            if UInt64(place[0], radix: 16) == major && UInt64(place[1], radix: 16) == minor { return pid }
            // Overlay and some FUSE file systems report another device than stat does.
            sameInode = sameInode ?? pid
        }
        return sameInode
    }

    /// A process's command line from /proc/PID/cmdline, quoted for a shell.
    static func commandLine(of pid: Int32) -> String? {
        guard let bytes = try? FileIO.read("/proc/\(pid)/cmdline"), !bytes.isEmpty else { return nil }
        var arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if arguments.last == "" { arguments.removeLast() }
        return quoted(arguments)
    }

    /// Arguments joined for a person to read and paste: each one that holds
    /// anything but plain characters is single-quoted.
    static func quoted(_ arguments: [String]) -> String {
        arguments.map { argument in
            let plain = !argument.isEmpty && argument.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "-_./=:,+@%".utf8.contains(byte)
            }
            if plain { return argument }
            return "'" + argument.replacingAll("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "?" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
