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

            --plan-out FILE writes the plan as JSON instead (see `tplpatch apply`). \
            --branch and --commit create a branch before writing and commit exactly \
            the changed files after; a target file with uncommitted changes, or an \
            existing branch, is refused (exit 1) before anything changes.

            Examples:
              tplpatch set chroma_version 1.2.3 --root . --diff
              tplpatch set chroma_version 1.2.3 --branch 'release/python-{value}' --commit
              tplpatch set chroma_version 1.2.3 --plan-out release.plan.json
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

    @OptionGroup var release: ReleaseOptions

    func run() throws {
        let flow = WriteFlow(
            command: "set", name: name, value: value, dryRun: dryRun, diff: diff, json: json, planOut: release.planOut,
            git: release.git.steps)
        // The lock comes before the first read, so no other run can write
        // between what this one reads and what it writes; it is held until
        // the report is printed (a dry run or --plan-out writes no target
        // and takes none).
        var lock: TreeLock?
        defer { lock?.release() }
        let plan: Plan
        do {
            if flow.writes { lock = try lockOptions.lock(tree: root) }
            try finishInterruptedWrites(journals: Journal.paths(near: root), dryRun: !flow.writes)
            plan = try Planner(root: root, maxFileSize: fileSize.bytes).plan(set: name, to: value, from: from, allowEmpty: emptyValue.allowEmpty)
        } catch {
            throw Output.fail(error, json: json)
        }
        try flow.finish(plan)
    }
}
