import ArgumentParser
import TemplatePatch
import TemplateSyntax

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Finish (or undo) a write that was interrupted, and remove stale temporary files.",
        discussion: """
            A set, edit or init that writes several files keeps a journal while it \
            renames them (in .git/tplpatch-journal at a git work tree's top, else \
            .tplpatch-journal at the root). If the run was killed part way, recover \
            finishes it: a file already new is left, a file still old gets its \
            staged new text. A file changed by someone else since is reported and \
            nothing is touched. --rollback puts the old files back instead; \
            --forget drops the journal and leaves every file as it is.

            Example:
              tplpatch recover --root .
            """)

    @Option(help: "The repository root (as given to set).")
    var root: String = "."

    @Flag(help: "Put the old files back instead of finishing the write.")
    var rollback = false

    @Flag(help: "Drop the journal and its temporary files; change no file.")
    var forget = false

    @Flag(help: "Print one JSON document: each journal, where each of its files stood, and the temporary files removed.")
    var json = false

    @OptionGroup var lockOptions: LockOptions

    func validate() throws {
        if rollback && forget { throw ValidationError("--rollback and --forget cannot be combined") }
    }

    func run() throws {
        do {
            try recover()
        } catch {
            throw Output.fail(error, json: json)
        }
    }

    func recover() throws(PatchError) {
            // A live writer's journal and temporary files are not stale: wait
            // for (or refuse) the run that holds the tree.
            let lock = try lockOptions.lock(tree: root)
            defer { lock.release() }
            let reports = try Recovery.pending(near: root)
            var journals: [RecoverReport.JournalReport] = []
            for report in reports {
                let path = report.journalPath
                if rollback {
                    try Recovery.rollBack(path)
                    Output.error("rolled back: \(report.files.filter { $0.state == .new }.count) file(s) got their old bytes back (\(path))")
                } else if forget {
                    try Recovery.forget(path)
                    Output.error("dropped the journal \(path); no file was changed")
                } else {
                    try Recovery.rollForward(path)
                    Output.error("finished the interrupted write: \(report.files.filter { $0.state == .old }.count) of \(report.files.count) file(s) written now (\(path))")
                }
                journals.append(RecoverReport.JournalReport(
                    journal: path, files: report.files.map { .init(file: $0.entry.displayPath, was: $0.state.rawValue) }))
                if !json {
                    for file in report.files { Output.line("\(file.entry.displayPath)  was \(file.state.rawValue)") }
                }
            }
            let removed = try Recovery.removeStaleTemps(under: root)
            for path in removed { Output.error("removed stale temporary file \(path)") }
            if reports.isEmpty && removed.isEmpty { Output.error("nothing to recover under \(root)") }
            if json {
                Output.json(RecoverReport(
                    root: root, action: rollback ? "rollback" : forget ? "forget" : "finish", journals: journals, removed: removed))
            }
    }
}

/// Before a writing command plans: finishes a write a killed run left
/// (when it can be finished cleanly), else stops with where each file
/// stands. With `dryRun` it only reports.
/// Call it with the tree's lock held, so no live writer's journal is taken
/// for a dead one's.
func finishInterruptedWrites(journals: [String], dryRun: Bool) throws(PatchError) {
        for path in journals {
            guard let report = try Recovery.inspect(path) else { continue }
            if dryRun {
                Output.diagnostics(report.diagnostics)
                continue
            }
            guard report.canRollForward, !report.writerAlive else {
                throw PatchError(report.writerAlive ? report.diagnostics : report.refusal(forward: true))
            }
            try Recovery.rollForward(path)
            Output.error(
                "note: finished an interrupted write first: \(report.files.filter { $0.state == .old }.count) of \(report.files.count) file(s) written now (\(path))")
        }
}

/// `get`'s report of what an interrupted run left: open journals (where
/// each file stands) and stale temporary files.
func reportInterruptedWrites(root: String, leftovers: [String]) {
    let reports = (try? Recovery.pending(near: root)) ?? []
    for report in reports { Output.diagnostics(report.diagnostics) }
    // The staged texts and old files an open journal lists are not leftovers: recovery needs them.
    let kept = Set(reports.flatMap { $0.files.flatMap { [$0.entry.temp] + ($0.entry.backup.map { [$0] } ?? []) } })
    for path in leftovers where !kept.contains(FileIO.realPath(path) ?? path) {
        Output.error("\(path): warning: a temporary file left by an interrupted tplpatch run; 'tplpatch recover' (or the next set) removes it")
    }
}

/// `recover --json`.
struct RecoverReport: Encodable {
    var schema = 1
    var command = "recover"
    var root: String
    /// What was done with each journal: `finish` (the default), `rollback` or `forget`.
    var action: String
    var journals: [JournalReport]
    /// The stale temporary files removed.
    var removed: [String]

    struct JournalReport: Encodable {
        var journal: String
        var files: [FileReport]
    }

    /// A file of the journal, and where it stood before recovery: `new`, `old`, `changed` or `missing`.
    struct FileReport: Encodable {
        var file: String
        var was: String
    }
}
