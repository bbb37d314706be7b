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
        public var description: String { "\(path): error: \(message)" }
        public var diagnostic: Diagnostic { Diagnostic(.error, message, file: path) }

        public init(path: String, message: String, reason: Reason = .other) {
            self.path = path
            self.message = message
            self.reason = reason
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

        public init(path: String, expected: [UInt8], bytes: [UInt8]) {
            self.path = path
            self.expected = expected
            self.bytes = bytes
        }
    }

    /// Replaces every file, or none. Each new text goes to a temporary file
    /// beside its target with the target's permissions, is synced, and only
    /// when every file is staged are they renamed into place. A file that
    /// changed on disk since it was read stops everything. If a rename fails
    /// part way, the files already replaced get their old bytes back.
    public static func replaceAll(_ replacements: [Replacement]) throws(Failure) {
        var staged: [(target: String, temp: String, original: [UInt8])] = []
        func discardStaged() {
            for item in staged { unlink(item.temp) }
        }
        for replacement in replacements {
            do throws(Failure) {
                let target = try resolved(replacement.path)
                guard !staged.contains(where: { $0.target == target }) else {
                    throw Failure(path: replacement.path, message: "the same file is planned twice (through another path to it); no file was changed")
                }
                let current = try read(target)
                guard current == replacement.expected else {
                    throw Failure(path: replacement.path, message: "the file changed on disk while tplpatch was working; run it again")
                }
                let temp = try stage(replacement.bytes, beside: target, displayPath: replacement.path)
                staged.append((target, temp, replacement.expected))
            } catch {
                discardStaged()
                throw error
            }
        }
        for (index, item) in staged.enumerated() where rename(item.temp, item.target) != 0 {
            let failure = Failure(path: item.target, message: "cannot replace the file: \(errnoText(errno)); no file was changed")
            for rest in staged[index...] { unlink(rest.temp) }
            for done in staged[..<index] {
                // Best effort: put back what was there.
                if let temp = try? stage(done.original, beside: done.target, displayPath: done.target) {
                    rename(temp, done.target)
                }
            }
            throw failure
        }
        for directory in Set(staged.map { parentDirectory($0.target) }) {
            let fd = open(directory, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
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
    /// `target`'s mode and owner, synced to disk. Returns its path.
    static func stage(_ bytes: [UInt8], beside target: String, displayPath: String) throws(Failure) -> String {
        var info = stat()
        guard stat(target, &info) == 0 else {
            throw Failure(path: displayPath, message: "cannot read the file's permissions: \(errnoText(errno))")
        }
        let directory = parentDirectory(target)
        let name = target.split(separator: "/").last.map(String.init) ?? "file"
        var fd: Int32 = -1
        var temp = ""
        for attempt in 0..<100 {
            temp = "\(directory)/.\(name).tplpatch-\(getpid())-\(attempt).tmp"
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw Failure(path: displayPath, message: "cannot create a temporary file in \(directory): \(errnoText(errno))")
        }
        var ok = true
        var failure = ""
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    failure = errnoText(errno)
                    return
                }
                offset += n
            }
        }
        if ok {
            _ = fchown(fd, info.st_uid, info.st_gid)  // may fail when not root; the mode still matters more
            if fchmod(fd, info.st_mode & 0o7777) != 0 {
                ok = false
                failure = errnoText(errno)
            } else if fsync(fd) != 0 {
                ok = false
                failure = errnoText(errno)
            }
        }
        close(fd)
        guard ok else {
            unlink(temp)
            throw Failure(path: displayPath, message: "cannot write the new text: \(failure)")
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
    /// file and a rename so a reader never sees half of it. Replaces an
    /// existing file only when `replacing`.
    public static func create(_ path: String, bytes: [UInt8], replacing: Bool) throws(Failure) {
        if exists(path) {
            guard replacing else { throw Failure(path: path, message: "already exists") }
            let original = try read(path)
            try replaceAll([Replacement(path: path, expected: original, bytes: bytes)])
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, message: "cannot create the file: \(errnoText(errno))") }
        close(fd)
        do {
            try replaceAll([Replacement(path: path, expected: [], bytes: bytes)])
        } catch {
            unlink(path)
            throw error
        }
    }
}
