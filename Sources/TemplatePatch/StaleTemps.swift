#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files tplpatch creates beside the files it writes, and finding the
/// ones an interrupted run left behind.
///
/// `.NAME.tplpatch-PID-N.tmp` holds a new text until it is renamed over
/// NAME; `.NAME.tplpatch-PID-N.old` is a hard link to the old file, kept
/// while a journal is open so the old bytes can be put back. Both carry the
/// writer's process id, so a later run can tell a dead writer's leftovers
/// (removed) from a live writer's files (left alone).
public enum StaleTemps {
    /// The temporary file name for `name` by process `pid`, attempt `attempt`.
    static func tempName(_ name: String, pid: Int32, attempt: Int, backup: Bool = false) -> String {
        ".\(name).tplpatch-\(pid)-\(attempt).\(backup ? "old" : "tmp")"
    }

    /// The writer's process id when `name` (a file name, no folder) is one of
    /// tplpatch's temporary or backup files; nil for any other name.
    public static func writerPID(ofName name: String) -> Int32? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") || name.hasSuffix(".old") else { return nil }
        let stem = Array(name.utf8.dropLast(4))
        let marker = Array(".tplpatch-".utf8)
        var start = stem.count - marker.count
        while start > 0, !stem[start..<(start + marker.count)].elementsEqual(marker) { start -= 1 }
        guard start > 0 else { return nil }
        let parts = stem[(start + marker.count)...].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 10 && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let pid = Int32(String(decoding: parts[0], as: UTF8.self)), pid > 0
        else { return nil }
        return pid
    }

    /// Whether process `pid` is gone (so its temporary files are stale).
    /// A process id reused by an unrelated process keeps its files until
    /// that process ends; that errs on the side of leaving a file.
    static func isDead(_ pid: Int32) -> Bool {
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Whether the file at `path` is a dead writer's leftover.
    public static func isStale(_ path: String) -> Bool {
        guard let pid = writerPID(ofName: lastComponent(path)) else { return false }
        return isDead(pid)
    }

    /// The stale leftovers directly inside `directory`.
    static func stale(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var found: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard let pid = writerPID(ofName: name), isDead(pid) else { continue }
            found.append(directory == "/" ? "/" + name : directory + "/" + name)
        }
        return found.sorted()
    }

    /// Removes the stale leftovers in `directories` and the stale ones among
    /// `paths`, except any in `keep` (files an open journal still needs).
    /// Returns the paths removed.
    @discardableResult
    static func remove(inDirectories directories: Set<String>, paths: [String] = [], keep: Set<String> = []) -> [String] {
        var removed: [String] = []
        var seen: Set<String> = []
        let candidates = directories.sorted().flatMap(stale(in:)) + paths.filter(isStale)
        for path in candidates where seen.insert(path).inserted {
            if keep.contains(path) || keep.contains(FileIO.realPath(path) ?? path) { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
