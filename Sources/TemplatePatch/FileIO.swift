#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

/// Reading and writing files with errors a person can act on.
public enum FileIO {
    /// A failed file operation: the path and what went wrong.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        /// Why, where a caller treats some failures differently (discovery
        /// passes over a FIFO and weighs a file over the size limit).
        public var reason: Reason = .other
        /// The signal that stopped the write (SIGINT, SIGTERM, SIGHUP), if one did.
        public var signal: Int32? = nil
        public var description: String { "\(path): error: \(message)" }
        public var diagnostic: Diagnostic { Diagnostic(.error, message, file: path) }

        public init(path: String, message: String, reason: Reason = .other, signal: Int32? = nil) {
            self.path = path
            self.message = message
            self.reason = reason
            self.signal = signal
        }

        public enum Reason: Sendable, Equatable {
            /// A FIFO, device, socket or directory, not a regular file.
            case notRegular(FileKind)
            /// Larger than the limit (`size` is what was known when it was refused).
            case tooLarge(size: Int, limit: Int)
            case other
        }
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    ///
    /// Only a regular file is read: a FIFO, a device or a socket is refused
    /// before it is opened (opening one can block forever, or have effects of
    /// its own), and again on the opened descriptor, so a FIFO swapped in
    /// between the check and the open cannot make the read hang (the open is
    /// non-blocking). A file larger than `limit` is refused from its size,
    /// before anything is read; one that grows past `limit` while it is read
    /// is refused as soon as it does. The default has no limit, for callers
    /// that re-read a file they already read within one (the planner passes
    /// its `maxFileSize`).
    public static func read(_ path: String, limit: Int = .max) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))")
        }
        if let kind = FileKind(mode: info.st_mode).refusal {
            throw Failure(path: path, message: kind.message, reason: .notRegular(kind))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))") }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else {
            throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))")
        }
        if let kind = FileKind(mode: info.st_mode).refusal {
            throw Failure(path: path, message: kind.message, reason: .notRegular(kind))
        }
        // A regular file never blocks; clearing the flag keeps reads plain
        // on file systems that would honour it (mandatory locks, FUSE).
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw Failure(path: path, message: FileSize.tooLargeMessage(size: size, limit: limit), reason: .tooLarge(size: size, limit: limit))
        }
        // One buffer sized from fstat, one byte larger so that a file which
        // grew since shows as a full buffer rather than needing a probe.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size == .max ? size : size + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }
                count += n
            }
        }
        if failure != 0 { throw Failure(path: path, message: "cannot read the file: \(errnoText(failure))") }
        guard bytes.count > size else { return bytes }
        // The file is longer than fstat said: it grew, or it is a file
        // (in /proc, say) whose size is not known in advance. Go on, within
        // the limit.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard bytes.count <= limit else {
                throw Failure(path: path, message: FileSize.grewMessage(limit: limit), reason: .tooLarge(size: bytes.count, limit: limit))
            }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Whether the regular file at `path` contains any of `needles`, read in
    /// pieces of 1 MiB so that a file too large to load can still be
    /// searched in constant memory. Only the bytes the file had when it was
    /// opened are searched, so a file that keeps growing cannot keep the
    /// search going. A file that cannot be read counts as a mention: the
    /// caller errs on the side of "may hold a target".
    public static func mentions(_ path: String, anyOf needles: [[UInt8]]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode) == .regular else { return true }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        let longest = needles.map(\.count).max() ?? 0
        guard longest > 0 else { return false }
        var remaining = Int(info.st_size)
        let piece = 1 << 20
        // Each piece starts with the last `longest - 1` bytes of the one
        // before, so a mention across a boundary is found.
        var window = [UInt8](repeating: 0, count: longest - 1 + piece)
        var kept = 0
        while remaining > 0 {
            let wanted = min(piece, remaining)
            let n = window.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress.map { $0 + kept }, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                return true
            }
            if n == 0 { break }
            remaining -= n
            let filled = kept + n
            let text = Array(window[0..<filled])
            if needles.contains(where: { text.contains(subsequence: $0) }) { return true }
            kept = min(longest - 1, filled)
            window.replaceSubrange(0..<kept, with: window[(filled - kept)..<filled])
        }
        return false
    }

    /// Whether `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// What `path` is (following symbolic links), or nil when nothing is there.
    public static func kind(of path: String) -> FileKind? {
        var info = stat()
        return stat(path, &info) == 0 ? FileKind(mode: info.st_mode) : nil
    }

    /// One file to replace: where, what it held when it was planned, what it becomes.
    public struct Replacement: Sendable {
        public var path: String
        public var expected: [UInt8]
        public var bytes: [UInt8]
        /// The file's real path, when the caller already knows it (the
        /// planner joins the root's real path with the walk's relative
        /// path); nil: resolved here.
        public var target: String?
        /// What the file was when `expected` was read from it; nil: the
        /// file is read again and compared before anything is written.
        public var stamp: ReadStamp?

        public init(path: String, expected: [UInt8], bytes: [UInt8], target: String? = nil, stamp: ReadStamp? = nil) {
            self.path = path
            self.expected = expected
            self.bytes = bytes
            self.target = target
            self.stamp = stamp
        }
    }

    /// What a file was just after its bytes were read: enough to tell,
    /// without reading it again, that nobody has written it since.
    ///
    /// Any write, truncation, `chmod` or `utimes` moves a file's ctime,
    /// and no program can set it back, so an unchanged identity (device,
    /// inode, size, mtime) and ctime mean unchanged bytes. One exception:
    /// file system clocks tick coarsely (a few milliseconds), so a write in
    /// the same tick as an earlier one can leave both times as they were.
    /// A file whose ctime is that recent when it is read is `racy` (as git
    /// calls an index entry younger than the index), and the check before
    /// the rename compares its bytes as well.
    public struct ReadStamp: Sendable, Equatable {
        var identity: Identity
        var changeSeconds: Int
        var changeNanoseconds: Int
        /// Whether the timestamps cannot vouch for the bytes (see above).
        public var racy: Bool

        /// How recent a ctime must be, before the read began, to make a file
        /// racy: far more than a clock tick, to allow for a file server's
        /// clock running a little ahead of ours.
        static let racyWindowSeconds = 2

        init(_ info: stat, readStarted: timespec) {
            identity = Identity(info)
            changeSeconds = Int(info.st_ctim.tv_sec)
            changeNanoseconds = Int(info.st_ctim.tv_nsec)
            racy = changeSeconds >= Int(readStarted.tv_sec) - Self.racyWindowSeconds
        }

        /// Whether `info` is the file as it was stamped, ctime included.
        func matches(_ info: stat) -> Bool {
            Identity(info) == identity && Int(info.st_ctim.tv_sec) == changeSeconds && Int(info.st_ctim.tv_nsec) == changeNanoseconds
        }
    }

    /// The bytes of the regular file at `path` (through `read`, with the
    /// same checks and `limit`) and its stamp, taken just after the read;
    /// the stamp is nil when the file cannot be examined again, and then the
    /// write reads it a second time as it always did.
    public static func readStamped(_ path: String, limit: Int = .max) throws(Failure) -> (bytes: [UInt8], stamp: ReadStamp?) {
        var started = timespec()
        clock_gettime(CLOCK_REALTIME, &started)
        let bytes = try read(path, limit: limit)
        // A write between the read and this stat moves the ctime to after
        // `started`, which makes the stamp racy: the bytes are compared.
        var info = stat()
        guard stat(path, &info) == 0, Int64(info.st_size) == Int64(bytes.count) else { return (bytes, nil) }
        return (bytes, ReadStamp(info, readStarted: started))
    }

    /// Replaces every file, or none, and leaves nothing behind.
    ///
    /// 1. Each target must still be what was planned: the same identity
    ///    and ctime as when it was read (see `ReadStamp`), or, when that
    ///    cannot vouch for it, the same bytes, read again.
    /// 2. Each new text goes to a temporary file beside its target with the
    ///    target's mode, owner and extended attributes; then every new
    ///    file's data is made durable (see `Durability`) before any rename
    ///    can make it visible.
    /// 3. With more than one file: each old file gets a hard link (the old
    ///    bytes, for `tplpatch recover --rollback`), and the journal at
    ///    `journalPath` (see `Journal`) is written and synced.
    /// 4. Every target is checked again (identity, and the bytes of a racy
    ///    one); then the temporary files are renamed over their targets,
    ///    each after one more identity check; the renames are synced; the
    ///    links and the journal are removed.
    ///
    /// SIGINT, SIGTERM and SIGHUP are held off (see `SignalGuard`): one that
    /// arrives before the journal is written removes every temporary file
    /// and nothing changes; one that arrives later lets the renames finish.
    /// Either way the error carries the signal. A failure before the
    /// renames changes nothing; a rename failing part way puts the old
    /// files back. Stale temporary files of dead runs in the targets'
    /// folders, and those in `leftovers`, are removed at the end.
    ///
    /// A target with other hard links (other names for the same file) is
    /// refused, and nothing is written, unless `breakingHardLinks`: the
    /// rename gives the name a new file and would leave every other name
    /// with the old text, silently. A dead run's backup link (`.old`)
    /// beside the file is not counted as another name. With
    /// `breakingHardLinks` the name gets the new file and the other names
    /// keep the old one (see `hardLinkProblem`).
    public static func replaceAll(
        _ replacements: [Replacement], journal journalPath: String? = nil, leftovers: [String] = [], breakingHardLinks: Bool = false
    ) throws(Failure) {
        var signals = SignalGuard()
        defer { signals.disarm() }
        var writer = Writer()
        writer.breakingHardLinks = breakingHardLinks
        do {
            try writer.run(replacements, journalPath: journalPath, signals: signals)
        } catch {
            writer.discard()
            throw error
        }
        StaleTemps.remove(inDirectories: Set(writer.staged.map { parentDirectory($0.target) }), paths: leftovers)
        if let signal = signals.received {
            throw Failure(
                path: replacements.first?.path ?? ".",
                message: "interrupted by \(SignalGuard.name(signal)) after every file was written; the plan is complete",
                signal: signal)
        }
    }

    /// A file's identity, compared before each rename: another writer that
    /// replaced or rewrote the file since it was read changes at least one.
    struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        }

        static func of(_ path: String) -> Identity? {
            var info = stat()
            return stat(path, &info) == 0 ? Identity(info) : nil
        }
    }

    /// How a write makes its new files durable before the renames make
    /// them visible, and the renames durable before the journal goes.
    ///
    /// - `perFileSystem` (the default on Linux): every temporary file is
    ///   written without a sync, then one `syncfs` per file system holding
    ///   them writes all of their data (and reports any write-back error,
    ///   Linux 5.8 and later) before the first rename; after the renames,
    ///   one more `syncfs` per file system makes them durable. On ext4 each
    ///   `fsync` of a new file forces a journal commit of its own, so over
    ///   10,000 files one commit per file system instead of one per file is
    ///   what makes `set` on a big tree as fast as `sed -i` (which syncs
    ///   nothing). The cost: `syncfs` also writes whatever else is dirty on
    ///   that file system.
    /// - `perFile`: an `fsync` of each temporary file before it is closed,
    ///   and of each folder after the renames, as before; used where
    ///   `syncfs` is missing, or with `TPLPATCH_SYNC=fsync` (to compare the
    ///   two, or on a file system shared with heavy unrelated writers).
    enum Durability: Sendable {
        case perFile, perFileSystem

        static let chosen: Durability = {
            if let wanted = getenv("TPLPATCH_SYNC"), String(cString: wanted) == "fsync" { return .perFile }
            return FileSystemSync.available ? .perFileSystem : .perFile
        }()

        /// The way for a write of `count` files. A few files are synced one
        /// by one: a handful of commits costs little, and a `syncfs` would
        /// also wait for every unrelated dirty page on the file system.
        static func forWrite(of count: Int) -> Durability {
            count >= manyFiles ? chosen : .perFile
        }

        static let manyFiles = 16
    }

    /// One write of several files, step by step, remembering what it made
    /// so a failure or a signal can remove it.
    struct Writer {
        struct Staged {
            var display: String
            var target: String
            var temp: String
            var backup: String?
            var expected: [UInt8]
            var identity: Identity
            /// Whether the bytes must be compared again before the renames
            /// (no stamp, or a racy one).
            var recheckBytes: Bool
            var newHash: String
        }

        var staged: [Staged] = []
        var journalPath: String?
        var renamed = 0
        var durability = Durability.perFile
        var breakingHardLinks = false

        mutating func run(_ replacements: [Replacement], journalPath wanted: String?, signals: borrowing SignalGuard) throws(Failure) {
            guard let first = replacements.first else { return }
            let journalPath = wanted ?? Journal.path(forFile: first.path)
            if exists(journalPath) {
                throw Failure(
                    path: journalPath,
                    message: "an interrupted tplpatch run left this journal; run 'tplpatch recover' first; no file was changed")
            }
            durability = Durability.forWrite(of: replacements.count)
            var targets: Set<String> = []
            // A folder (by device) on each file system the new files are on, for `syncfs`.
            var fileSystems: [UInt64: String] = [:]
            staged.reserveCapacity(replacements.count)
            for replacement in replacements {
                let target: String
                if let known = replacement.target {
                    target = known
                } else {
                    target = try resolved(replacement.path)
                }
                guard targets.insert(target).inserted else {
                    throw Failure(path: replacement.path, message: "the same file is planned twice (through another path to it); no file was changed")
                }
                var info = stat()
                guard stat(target, &info) == 0 else {
                    throw Failure(path: replacement.path, message: "cannot read the file: \(errnoText(errno))")
                }
                if !breakingHardLinks, let problem = hardLinkProblem(target, info) {
                    throw Failure(path: replacement.path, message: problem)
                }
                let changed = Failure(
                    path: replacement.path, message: "the file changed on disk while tplpatch was working; run it again; no file was changed")
                let recheckBytes: Bool
                if let stamp = replacement.stamp, !stamp.racy {
                    guard stamp.matches(info) else { throw changed }
                    recheckBytes = false
                } else {
                    guard try read(target) == replacement.expected else { throw changed }
                    recheckBytes = true
                }
                let temp = try stage(
                    replacement.bytes, beside: target, displayPath: replacement.path, status: info, sync: durability == .perFile)
                staged.append(Staged(
                    display: replacement.path, target: target, temp: temp, expected: replacement.expected, identity: Identity(info),
                    recheckBytes: recheckBytes, newHash: ""))
                if durability == .perFileSystem, fileSystems[UInt64(info.st_dev)] == nil {
                    fileSystems[UInt64(info.st_dev)] = parentDirectory(target)
                }
                TestHook.stop(at: "staging:\(staged.count)")
                try stopIfSignalled(signals)
            }
            // Every new file's data is on disk before any rename can show it.
            for folder in fileSystems.values.sorted() {
                if let problem = FileSystemSync.sync(folder) {
                    throw Failure(path: staged.last?.display ?? folder, message: "cannot write the new text: \(problem); no file was changed")
                }
            }
            if staged.count > 1 {
                for index in staged.indices {
                    staged[index].backup = linkBackup(staged[index].target)
                    staged[index].newHash = Journal.hash(replacements[index].bytes)
                }
                let journal = Journal(
                    pid: getpid(),
                    entries: staged.map {
                        Journal.Entry(
                            displayPath: $0.display, target: $0.target, temp: $0.temp, backup: $0.backup,
                            oldHash: Journal.hash($0.expected), newHash: $0.newHash)
                    })
                try stopIfSignalled(signals)
                try journal.write(to: journalPath)
                self.journalPath = journalPath
            }
            // From here a signal waits for the renames: the journal promises them.
            TestHook.stop(at: "staged")
            for item in staged {
                try check(item)
            }
            for (index, item) in staged.enumerated() {
                if Identity.of(item.target) != item.identity {
                    throw Failure(
                        path: item.display,
                        message: "the file was replaced or changed by another program while tplpatch was writing; no file was changed")
                }
                if rename(item.temp, item.target) != 0 {
                    throw Failure(path: item.display, message: "cannot replace the file: \(errnoText(errno)); no file was changed")
                }
                renamed = index + 1
                TestHook.stop(at: "renamed:\(renamed)")
            }
            // The renames are on disk before the journal that promises them goes.
            if durability == .perFileSystem {
                for folder in fileSystems.values.sorted() where FileSystemSync.sync(folder) != nil {
                    // A failed syncfs: fall back to syncing each folder.
                    for directory in Set(staged.map { parentDirectory($0.target) }) { syncDirectory(directory) }
                    break
                }
            } else {
                for directory in Set(staged.map { parentDirectory($0.target) }) { syncDirectory(directory) }
            }
            for item in staged { if let backup = item.backup { unlink(backup) } }
            if let journalPath = self.journalPath { Journal.remove(journalPath) }
            self.journalPath = nil
        }

        /// The check just before the renames: the same file (identity) as
        /// planned, and, when its timestamps cannot vouch for it, the same bytes.
        func check(_ item: Staged) throws(Failure) {
            let changed = Failure(
                path: item.display, message: "the file changed on disk while tplpatch was working; run it again; no file was changed")
            guard Identity.of(item.target) == item.identity else { throw changed }
            if item.recheckBytes {
                guard (try? read(item.target)) == item.expected else { throw changed }
            }
        }

        func stopIfSignalled(_ signals: borrowing SignalGuard) throws(Failure) {
            guard let signal = signals.received else { return }
            throw Failure(
                path: staged.last?.display ?? ".",
                message: "interrupted by \(SignalGuard.name(signal)) before any file was replaced; no file was changed",
                signal: signal)
        }

        /// Undoes what was done: the files already renamed get their old
        /// bytes back, every temporary file, link and the journal go.
        mutating func discard() {
            for item in staged[..<renamed] {
                if let backup = item.backup, rename(backup, item.target) == 0 { continue }
                // No link: put the old bytes back through a new temporary file.
                if let temp = try? stage(item.expected, beside: item.target, displayPath: item.display) {
                    rename(temp, item.target)
                }
            }
            for item in staged {
                unlink(item.temp)
                if let backup = item.backup { unlink(backup) }
            }
            if renamed > 0 {
                for directory in Set(staged.map { parentDirectory($0.target) }) { syncDirectory(directory) }
            }
            if let journalPath { Journal.remove(journalPath) }
            staged = []
            renamed = 0
            journalPath = nil
        }
    }

    /// Why `target` (whose stat is `info`) is not written without
    /// `--break-hard-links`, or nil: it has other hard links. A dead run's
    /// backup links to it in its folder are not counted.
    static func hardLinkProblem(_ target: String, _ info: stat) -> String? {
        guard info.st_nlink > 1 else { return nil }
        let name = StaleTemps.lastComponent(target)
        let stale = StaleTemps.stale(in: parentDirectory(target)).filter { path in
            guard StaleTemps.lastComponent(path).hasPrefix("." + name + ".tplpatch-"), path.hasSuffix(".old") else { return false }
            var other = stat()
            return lstat(path, &other) == 0 && other.st_ino == info.st_ino && other.st_dev == info.st_dev
        }.count
        let names = Int(info.st_nlink) - stale
        guard names > 1 else { return nil }
        return "this file has \(names) hard links (\(names - 1) other name(s) for the same file, maybe outside the root); "
            + "replacing it would give only this name the new text and leave the other name(s) with the old one, so no file was changed. "
            + "Pass --break-hard-links to write it anyway (this name gets a new file; the other names keep the old text), "
            + "or make the other names copies or symbolic links"
    }

    /// `hardLinkProblem` for the file at `path` (nil when it cannot be examined).
    static func hardLinkProblem(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return hardLinkProblem(path, info)
    }

    /// A hard link to `target` beside it, so its old bytes outlive the
    /// rename; nil when the file system cannot link.
    static func linkBackup(_ target: String) -> String? {
        let directory = parentDirectory(target)
        let name = StaleTemps.lastComponent(target)
        for attempt in 0..<100 {
            let backup = directory + "/" + StaleTemps.tempName(name, pid: getpid(), attempt: attempt, backup: true)
            if link(target, backup) == 0 { return backup }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Writes all of `bytes` to `fd`; the error text, or nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EFBIG { return "\(errnoText(errno)) (a file-size limit, ulimit -f, is in force)" }
                    return errnoText(errno)
                }
                offset += n
            }
            return nil
        }
    }

    /// Syncs a folder, so the renames and removals in it are on disk.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// The real path of a file (through symbolic links), so that replacing a
    /// linked file replaces its target and keeps the link.
    /// The real path of `path`, or nil when it cannot be resolved.
    public static func realPath(_ path: String) -> String? {
        try? resolved(path)
    }

    static func resolved(_ path: String) throws(Failure) -> String {
        guard let real = realpath(path, nil) else {
            throw Failure(path: path, message: "cannot resolve the path: \(errnoText(errno))")
        }
        defer { free(real) }
        return String(cString: real)
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes `bytes` to a new temporary file in `target`'s directory, with
    /// `target`'s mode, owner and extended attributes, synced to disk
    /// unless `sync` is false (the caller then syncs the file system).
    /// Returns its path. `status` is `target`'s stat when the caller has
    /// just taken it. With `like: false` (a file that does not exist yet)
    /// the file gets mode 0644 less the umask and no attributes.
    static func stage(
        _ bytes: [UInt8], beside target: String, displayPath: String, like: Bool = true, status: stat? = nil, sync: Bool = true
    ) throws(Failure) -> String {
        var info = status ?? stat()
        if like, status == nil {
            guard stat(target, &info) == 0 else {
                throw Failure(path: displayPath, message: "cannot read the file's permissions: \(errnoText(errno))")
            }
        }
        let directory = parentDirectory(target)
        let name = StaleTemps.lastComponent(target)
        var fd: Int32 = -1
        var temp = ""
        for attempt in 0..<100 {
            temp = "\(directory)/" + StaleTemps.tempName(name, pid: getpid(), attempt: attempt)
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, like ? 0o600 : 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw Failure(path: displayPath, message: "cannot create a temporary file in \(directory): \(errnoText(errno))")
        }
        var failure = writeAll(fd, bytes)
        if failure == nil, like {
            _ = fchown(fd, info.st_uid, info.st_gid)  // may fail when not root; the mode still matters more
            if fchmod(fd, info.st_mode & 0o7777) != 0 {
                failure = errnoText(errno)
            } else {
                // After the mode: an ACL's mask sets the group bits again.
                do throws(ExtendedAttributes.Failure) {
                    try ExtendedAttributes.copy(from: target, to: fd)
                } catch {
                    failure = error.message
                }
            }
        }
        if failure == nil, sync, fsync(fd) != 0 { failure = errnoText(errno) }
        close(fd)
        if let failure {
            unlink(temp)
            throw Failure(path: displayPath, message: "cannot write the new text: \(failure); no file was changed")
        }
        return temp
    }
}

extension FileIO {
    /// Whether anything exists at `path` (following links).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

extension FileIO {
    /// Writes a new file (mode 0644 less the umask), through a temporary
    /// file so a reader never sees half of it: linked into place, which
    /// fails if a file appeared meanwhile (renamed, where the file system
    /// has no hard links). Replaces an existing file only
    /// when `replacing`.
    public static func create(_ path: String, bytes: [UInt8], replacing: Bool, breakingHardLinks: Bool = false) throws(Failure) {
        if exists(path) {
            guard replacing else { throw Failure(path: path, message: "already exists") }
            let original = try read(path)
            try replaceAll([Replacement(path: path, expected: original, bytes: bytes)], breakingHardLinks: breakingHardLinks)
            return
        }
        var signals = SignalGuard()
        defer { signals.disarm() }
        let temp = try stage(bytes, beside: path, displayPath: path, like: false)
        if let signal = signals.received {
            unlink(temp)
            throw Failure(path: path, message: "interrupted by \(SignalGuard.name(signal)); no file was written", signal: signal)
        }
        var linked = link(temp, path)
        var code = errno
        if linked != 0, code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK, !exists(path) {
            // A file system without hard links: a rename, checked just before.
            linked = rename(temp, path)
            code = errno
        }
        unlink(temp)
        guard linked == 0 else {
            throw Failure(path: path, message: code == EEXIST ? "already exists" : "cannot create the file: \(errnoText(code))")
        }
        syncDirectory(parentDirectory(path))
        if let signal = signals.received {
            throw Failure(path: path, message: "interrupted by \(SignalGuard.name(signal)) after the file was written", signal: signal)
        }
    }
}

/// `syncfs(2)`: every dirty page and inode of one file system written and
/// waited for, with any write-back error since the descriptor was opened
/// reported (Linux 5.8 and later). Swift's Glibc module leaves it out (it
/// is a GNU extension), so it is looked up in the C library by name.
enum FileSystemSync {
    private typealias Call = @convention(c) (Int32) -> Int32

    private static let call: Call? = {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(address, to: Call.self)
    }()

    static var available: Bool { call != nil }

    /// Syncs the file system that holds `folder`; the error text, or nil.
    static func sync(_ folder: String) -> String? {
        guard let function = call else { return "syncfs is not available" }
        let fd = open(folder, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        guard fd >= 0 else { return FileIO.errnoText(errno) }
        defer { close(fd) }
        return function(fd) == 0 ? nil : FileIO.errnoText(errno)
    }
}
