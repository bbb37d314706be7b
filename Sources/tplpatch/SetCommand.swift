import ArgumentParser
import TemplatePatch

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Give every target of a variable a new value.",
        discussion: """
            Finds every place NAME lives under the root by naming convention \
            (chroma_version is also the CloudFormation parameter ChromaVersion) \
            and changes only the bytes of those values. Every file is parsed again \
            after editing and must read back the new value with nothing else \
            changed; if any file fails, no file is written. It takes the tree's lock \
            before reading: while another run writes the tree, it exits 1 at once \
            (naming that run), or waits with --wait.

            Example:
              tplpatch set chroma_version 1.2.3 --root . --diff
            """)

    @Argument(help: "The variable, e.g. chroma_version.")
    var name: String

    @Argument(help: "The new value, e.g. 1.2.3.")
    var value: String

    @Option(help: "The repository root to search.")
    var root: String = "."

    @Option(help: "Change only if every target now holds this value (else exit 3).")
    var from: String?

    @Flag(help: "Show what would change (as a diff); write nothing.")
    var dryRun = false

    @Flag(help: "Print a unified diff of the changes.")
    var diff = false

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var emptyValue: EmptyValueOption

    func validate() throws {
        try emptyValue.check(value)
    }

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    func run() throws {
        // The lock comes before the first read, so no other run can write
        // between what this one reads and what it writes; it is held until
        // the report is printed (a dry run writes nothing and takes none).
        var lock: TreeLock?
        defer { lock?.release() }
        let plan: Plan
        do {
            if !dryRun { lock = try lockOptions.lock(tree: root) }
            try finishInterruptedWrites(journals: Journal.paths(near: root), dryRun: dryRun)
            plan = try Planner(root: root, maxFileSize: fileSize.bytes, exclusions: exclude.exclusions).plan(set: name, to: value, from: from, allowEmpty: emptyValue.allowEmpty)
        } catch {
            throw Output.fail(error, json: json)
        }
        Output.diagnostics(plan.warnings)
        let changed = plan.entries.filter(\.changes)
        if !dryRun {
            do {
                try plan.apply()
            } catch {
                throw Output.fail(error, json: json)
            }
        }
        if json {
            Output.json(SetReport(
                name: name, value: value, dryRun: dryRun,
                written: dryRun ? [] : plan.changedFiles.map(\.path),
                targets: plan.entries.map(TargetReport.init),
                warnings: plan.warnings.map(\.description),
                diff: (diff || dryRun) ? plan.diff() : nil))
            return
        }
        // One write for all the lines (a write per line is 20,000 system calls on a big tree).
        if !plan.entries.isEmpty { Output.raw(plan.entries.map { Output.describe($0) + "\n" }.joined()) }
        if diff || dryRun { Output.bytes(plan.diffBytes()) }
        let files = plan.changedFiles.count
        let summary = "\(changed.count) of \(plan.entries.count) target(s) \(dryRun ? "would change" : "changed") in \(files) file(s)"
        Output.error(dryRun ? "dry run: \(summary); nothing written" : summary)
    }
}

struct SetReport: Encodable {
    var command = "set"
    var name: String
    var value: String
    var dryRun: Bool
    var written: [String]
    var targets: [TargetReport]
    var warnings: [String]
    var diff: String?
}
