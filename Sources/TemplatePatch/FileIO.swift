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
        public var description: String { "\(path): error: \(message)" }
        public var diagnostic: Diagnostic { Diagnostic(.error, message, file: path) }
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The bytes of the regular file at `path`.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(path: path, message: "is a directory, not a file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, message: "cannot read the file: \(errnoText(errno))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Whether `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
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
