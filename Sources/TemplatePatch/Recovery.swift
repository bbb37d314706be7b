#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

/// Where each file of an interrupted write stands, read from its journal.
public struct RecoveryReport: Sendable {
    /// What a target holds now, compared with the journal's hashes.
    public enum State: String, Sendable {
        /// The new bytes: this file was renamed before the run stopped.
        case new
        /// The old bytes: not renamed yet.
        case old
        /// Neither: someone changed the file since.
        case changed
        /// The file is gone.
        case missing
    }

    public struct File: Sendable {
        public var entry: Journal.Entry
        public var state: State
        /// The staged new text is present and intact.
        public var tempReady: Bool
        /// The old bytes (a hard link) are present and intact.
        public var backupReady: Bool
    }

    public var journalPath: String
    public var journal: Journal
    public var files: [File]
    /// The writer that opened the journal is still running.
    public var writerAlive: Bool

    /// Every file is new, or old with its new text staged.
    public var canRollForward: Bool {
        files.allSatisfy { $0.state == .new || ($0.state == .old && $0.tempReady) }
    }

    /// Every file is old, or new with its old bytes kept.
    public var canRollBack: Bool {
        files.allSatisfy { $0.state == .old || ($0.state == .new && $0.backupReady) }
    }

    /// One warning per file saying where it stands, and one saying what to run.
    public var diagnostics: [Diagnostic] {
        var list: [Diagnostic] = [
            Diagnostic(
                .warning,
                "an interrupted tplpatch run (pid \(journal.pid)) left this journal: \(files.filter { $0.state == .new }.count) of \(files.count) file(s) written",
                file: journalPath)
        ]
        for file in files {
            let text: String
            switch file.state {
            case .new: text = "new (written before the run stopped)"
            case .old: text = file.tempReady ? "old (its new text is staged)" : "old, and its staged new text is missing or damaged"
            case .changed: text = "changed by someone else since the run (neither the old nor the new bytes)"
            case .missing: text = "missing (removed since the run)"
            }
            list.append(Diagnostic(.warning, text, file: file.entry.displayPath))
        }
        list.append(Diagnostic(.note, advice, file: journalPath))
        return list
    }

    /// Why the journal cannot be finished (`forward`) or undone: an error
    /// for each file in the way, a note for each other file, and the advice.
    public func refusal(forward: Bool) -> [Diagnostic] {
        var list = [
            Diagnostic(
                .error, "cannot \(forward ? "finish" : "undo") the write an interrupted tplpatch run (pid \(journal.pid)) left: \(files.filter { $0.state == .new }.count) of \(files.count) file(s) written",
                file: journalPath)
        ]
        for (file, diagnostic) in zip(files, diagnostics.dropFirst()) {
            var copy = diagnostic
            let fine = forward ? (file.state == .new || (file.state == .old && file.tempReady)) : (file.state == .old || (file.state == .new && file.backupReady))
            copy.severity = fine ? .note : .error
            if !forward && file.state == .new && !file.backupReady { copy.message += "; its old bytes were not kept" }
            list.append(copy)
        }
        list.append(Diagnostic(.note, advice, file: journalPath))
        return list
    }

    /// What to run, given the states.
    public var advice: String {
        if writerAlive { return "the writer is still running; wait for it, then run 'tplpatch recover'" }
        if canRollForward {
            return "run 'tplpatch recover' to finish the write (or 'tplpatch recover --rollback' to undo it); the next set, edit or init finishes it too"
        }
        if canRollBack {
            return "the write cannot be finished; run 'tplpatch recover --rollback' to put the old files back, or 'tplpatch recover --forget' to keep the files as they are"
        }
        return "the write can be neither finished nor undone; fix the files named above by hand, then run 'tplpatch recover --forget'"
    }
}

/// Finishing or undoing a write that a crash, SIGKILL or power loss
/// interrupted, from the journal it left (see `Journal`).
public enum Recovery {
    /// Where the journal at `path` stands; nil when there is none.
    public static func inspect(_ path: String) throws(PatchError) -> RecoveryReport? {
        let journal: Journal
        do {
            guard let loaded = try Journal.load(path) else { return nil }
            journal = loaded
        } catch {
            throw PatchError([error.diagnostic])
        }
        let files = journal.entries.map { entry in
            let present = FileIO.exists(entry.target)
            let current = present ? (try? FileIO.read(entry.target)).map(Journal.hash) : nil
            let state: RecoveryReport.State
            if !present {
                state = .missing
            } else if current == entry.newHash {
                state = .new
            } else if current == entry.oldHash {
                state = .old
            } else {
                state = .changed
            }
            return RecoveryReport.File(
                entry: entry, state: state, tempReady: hashOf(entry.temp) == entry.newHash,
                backupReady: entry.backup.map { hashOf($0) == entry.oldHash } ?? false)
        }
        return RecoveryReport(
            journalPath: path, journal: journal, files: files,
            writerAlive: journal.pid != getpid() && !StaleTemps.isDead(journal.pid))
    }

    /// Every open journal a run over `root` should know of.
    public static func pending(near root: String) throws(PatchError) -> [RecoveryReport] {
        var reports: [RecoveryReport] = []
        for path in Journal.paths(near: root) {
            if let report = try inspect(path) { reports.append(report) }
        }
        return reports
    }

    /// Finishes the write: each file still old gets its staged new text.
    /// Refuses (changing nothing) unless every file is new or old with its
    /// new text staged. Returns the report as it was before; nil when there
    /// was no journal.
    @discardableResult
    public static func rollForward(_ path: String) throws(PatchError) -> RecoveryReport? {
        guard let report = try inspect(path) else { return nil }
        try refuseIfAlive(report)
        guard report.canRollForward else { throw PatchError(report.refusal(forward: true)) }
        for file in report.files where file.state == .old {
            if rename(file.entry.temp, file.entry.target) != 0 {
                throw PatchError([
                    Diagnostic(.error, "cannot finish the write: \(FileIO.errnoText(errno)); the journal is kept", file: file.entry.displayPath)
                ])
            }
        }
        finish(report)
        return report
    }

    /// Undoes the write: each file already new gets its old bytes back (the
    /// old file itself, kept as a hard link). Refuses (changing nothing)
    /// unless every file is old, or new with its old bytes kept.
    @discardableResult
    public static func rollBack(_ path: String) throws(PatchError) -> RecoveryReport? {
        guard let report = try inspect(path) else { return nil }
        try refuseIfAlive(report)
        guard report.canRollBack else { throw PatchError(report.refusal(forward: false)) }
        for file in report.files where file.state == .new {
            guard let backup = file.entry.backup, rename(backup, file.entry.target) == 0 else {
                throw PatchError([
                    Diagnostic(.error, "cannot put the old file back: \(FileIO.errnoText(errno)); the journal is kept", file: file.entry.displayPath)
                ])
            }
        }
        finish(report)
        return report
    }

    /// Drops the journal and its temporary files, leaving every file as it is.
    @discardableResult
    public static func forget(_ path: String) throws(PatchError) -> RecoveryReport? {
        guard let report = try inspect(path) else { return nil }
        try refuseIfAlive(report)
        finish(report)
        return report
    }

    private static func refuseIfAlive(_ report: RecoveryReport) throws(PatchError) {
        if report.writerAlive {
            throw PatchError([
                Diagnostic(.error, "tplpatch (pid \(report.journal.pid)) is still writing with this journal; wait for it", file: report.journalPath)
            ])
        }
    }

    /// Syncs the folders, removes what the journal staged and kept, then the journal.
    private static func finish(_ report: RecoveryReport) {
        let folders = Set(report.files.map { FileIO.parentDirectory($0.entry.target) })
        for folder in folders { FileIO.syncDirectory(folder) }
        for file in report.files {
            unlink(file.entry.temp)
            if let backup = file.entry.backup { unlink(backup) }
        }
        for folder in folders { FileIO.syncDirectory(folder) }
        Journal.remove(report.journalPath)
    }

    private static func hashOf(_ path: String) -> String? {
        guard FileIO.exists(path), let bytes = try? FileIO.read(path) else { return nil }
        return Journal.hash(bytes)
    }
}

/// A deterministic crash point for the tests: when `TPLPATCH_TEST_STOP_AT`
/// names a point of the write (`staging:N`: N temporary files written, no
/// journal yet; `staged`: journal written, nothing renamed;
/// `renamed:N`: after the N-th rename), the process stops itself there with
/// SIGSTOP, so a test can SIGKILL it at exactly that point. Unset (as it is
/// for every user), it does nothing.
enum TestHook {
    static let point: String? = getenv("TPLPATCH_TEST_STOP_AT").map { String(cString: $0) }

    static func stop(at name: @autoclosure () -> String) {
        if let point, point == name() { raise(SIGSTOP) }
    }
}

extension Recovery {
    /// Removes the stale tplpatch temporary files (of dead runs) under
    /// `root`, except those an open journal still needs. Returns them.
    public static func removeStaleTemps(under root: String) throws(PatchError) -> [String] {
        var keep: Set<String> = []
        for report in try pending(near: root) {
            for file in report.files {
                keep.insert(file.entry.temp)
                if let backup = file.entry.backup { keep.insert(backup) }
            }
        }
        let relative: [String]
        do {
            relative = try DirectoryWalk.files(under: root)
        } catch {
            throw PatchError([error.diagnostic])
        }
        let paths = relative.map { Journal.join(root, $0) }
        // A journal's own temporary file, if a run died writing it (in .git, which the walk skips).
        let journalFolders = Set(Journal.paths(near: root).map(FileIO.parentDirectory))
        return StaleTemps.remove(inDirectories: journalFolders, paths: paths, keep: keep)
    }
}
