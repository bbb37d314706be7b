#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Crypto

/// The record of a multi-file write in progress: written and synced before
/// the first rename, removed after the last. If the writer dies in between,
/// the journal says what every file was and was to become, so the next
/// writing run or `tplpatch recover` can finish the plan (or undo it)
/// instead of leaving some files new and some old.
///
/// The format is text, one record a line, fields separated by tabs (a
/// backslash, tab or line break inside a path is written `\\`, `\t`, `\n`):
///
///     tplpatch-journal 1
///     pid 12345
///     file <shown path> <target> <temp> <backup or -> <old SHA-256> <new SHA-256>
public struct Journal: Sendable, Equatable {
    /// One file of the plan.
    public struct Entry: Sendable, Equatable {
        /// The path as the user named it (for messages).
        public var displayPath: String
        /// The real path that is replaced.
        public var target: String
        /// The staged new text, renamed over `target`.
        public var temp: String
        /// A hard link to the old file (its old bytes), or nil when the
        /// file system could not make one.
        public var backup: String?
        public var oldHash: String
        public var newHash: String

        public init(displayPath: String, target: String, temp: String, backup: String?, oldHash: String, newHash: String) {
            self.displayPath = displayPath
            self.target = target
            self.temp = temp
            self.backup = backup
            self.oldHash = oldHash
            self.newHash = newHash
        }
    }

    public var pid: Int32
    public var entries: [Entry]

    static let header = "tplpatch-journal 1"

    // MARK: Where it lives

    /// The journal file for a run over `root` (`set`, `init`): inside the
    /// git folder when `root` is the top of a git work tree (so `git status`
    /// stays clean), else `.tplpatch-journal` at the root.
    public static func path(forRoot root: String) -> String {
        let top = FileIO.realPath(root) ?? root
        if let tree = gitWorkTree(containing: top), tree.top == top { return tree.gitDirectory + "/tplpatch-journal" }
        return join(top, ".tplpatch-journal")
    }

    /// The journal file for a run that writes one file (`edit FILE`): in
    /// the git folder of the work tree that holds the file, else
    /// `.tplpatch-journal` in the file's folder.
    public static func path(forFile file: String) -> String {
        let real = FileIO.realPath(file) ?? file
        let folder = FileIO.parentDirectory(real)
        if let tree = gitWorkTree(containing: folder) { return tree.gitDirectory + "/tplpatch-journal" }
        return join(folder, ".tplpatch-journal")
    }

    /// The journals a run over `root` may find: its own and, when `root` is
    /// inside a git work tree, the one `edit` uses for files there.
    public static func paths(near root: String) -> [String] {
        var result = [path(forRoot: root)]
        let real = FileIO.realPath(root) ?? root
        if let tree = gitWorkTree(containing: real) {
            let other = tree.gitDirectory + "/tplpatch-journal"
            if !result.contains(other) { result.append(other) }
        }
        return result
    }

    /// The work tree the tree lock finds (`TreeLock.gitWorkTree`); a `.git`
    /// file that names no git directory counts as no work tree here, and
    /// the lock, taken first, reports it.
    static func gitWorkTree(containing folder: String) -> (top: String, gitDirectory: String)? {
        (try? TreeLock.gitWorkTree(containing: folder)) ?? nil
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    // MARK: Hashes

    /// The SHA-256 of `bytes`, as lowercase hex.
    public static func hash(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Text form

    /// The journal as its file holds it.
    public var text: String {
        var lines = [Self.header, "pid \(pid)"]
        for entry in entries {
            lines.append(
                (["file", Self.escape(entry.displayPath), Self.escape(entry.target), Self.escape(entry.temp),
                  entry.backup.map(Self.escape) ?? "-", entry.oldHash, entry.newHash]).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a journal's text; nil when it is not one (a torn or foreign file).
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(Self.header), lines.count >= 2, lines[1].hasPrefix("pid "),
            let pid = Int32(lines[1].dropFirst(4))
        else { return nil }
        var entries: [Entry] = []
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7, fields[0] == "file" else { return nil }
            entries.append(Entry(
                displayPath: Self.unescape(fields[1]), target: Self.unescape(fields[2]), temp: Self.unescape(fields[3]),
                backup: fields[4] == "-" ? nil : Self.unescape(fields[4]), oldHash: fields[5], newHash: fields[6]))
        }
        self.init(pid: pid, entries: entries)
    }

    public init(pid: Int32, entries: [Entry]) {
        self.pid = pid
        self.entries = entries
    }

    static func escape(_ text: String) -> String {
        // Almost every path needs no escape; a byte scan says so without
        // walking the text character by character.
        if text != "-", !text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }) {
            return text
        }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "-" where text == "-": out += "\\-"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    // MARK: On disk

    /// Reads the journal at `path`: nil when there is none.
    public static func load(_ path: String) throws(FileIO.Failure) -> Journal? {
        guard FileIO.exists(path) else { return nil }
        let bytes = try FileIO.read(path)
        guard let journal = Journal(text: String(decoding: bytes, as: UTF8.self)) else {
            throw FileIO.Failure(path: path, message: "is not a tplpatch journal (or is damaged); look at it, then remove it by hand")
        }
        return journal
    }

    /// Writes the journal at `path` durably: a temporary file, synced,
    /// renamed into place, and the folder synced, so after this returns a
    /// crash cannot lose it.
    func write(to path: String) throws(FileIO.Failure) {
        let folder = FileIO.parentDirectory(path)
        let temp = Self.join(folder, StaleTemps.tempName(StaleTemps.lastComponent(path), pid: getpid(), attempt: 0))
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileIO.Failure(path: path, message: "cannot write the journal: \(FileIO.errnoText(errno)); no file was changed")
        }
        let bytes = Array(text.utf8)
        var failure: String?
        if let problem = FileIO.writeAll(fd, bytes) {
            failure = problem
        } else if fsync(fd) != 0 {
            failure = FileIO.errnoText(errno)
        }
        close(fd)
        if failure == nil, rename(temp, path) != 0 { failure = FileIO.errnoText(errno) }
        if let failure {
            unlink(temp)
            throw FileIO.Failure(path: path, message: "cannot write the journal: \(failure); no file was changed")
        }
        FileIO.syncDirectory(folder)
    }

    /// Removes the journal at `path`, durably.
    static func remove(_ path: String) {
        unlink(path)
        FileIO.syncDirectory(FileIO.parentDirectory(path))
    }
}
