import ArgumentParser
import TemplatePatch

/// `--break-hard-links`, for the commands that write files.
struct HardLinkOption: ParsableArguments {
    @Flag(help: "Write a target file that has other hard links (this name gets a new file; the other names keep the old text). Refused by default.")
    var breakHardLinks = false
}

/// The options `set` and `bump` share: everything after the value is
/// worked out. An option added here reaches both commands (and `SetFlow`
/// is where it takes effect).
struct SetOptions: ParsableArguments {
    @Option(help: "The repository root to search.")
    var root: String = "."

    @Option(help: ArgumentHelp("The version scheme (default: the variable's 'scheme:' in .tplpatch.yml, else none for set and semver for bump).", valueName: "scheme"))
    var scheme: VersionScheme?

    @Flag(help: "Show what would change (as a diff); write nothing.")
    var dryRun = false

    @Flag(help: "Print a unified diff of the changes.")
    var diff = false

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var hardLinks: HardLinkOption

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    /// `--plan-out` and the git steps (`--branch`, `--commit`, `--message`).
    @OptionGroup var release: ReleaseOptions

    @OptionGroup var color: ColorOption

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        try quiet.refuse(with: "--json", given: json)
        try quiet.refuse(with: "--diff", given: diff)
    }
}

extension VersionScheme: ExpressibleByArgument {}
extension VersionPart: ExpressibleByArgument {}

/// What `set` and `bump` do once they know how to plan: take the lock,
/// finish an interrupted write, plan, then end as every writing command
/// does (`WriteFlow`: write the plan file, or take the git steps around an
/// all-or-nothing write, and report). Both commands run this one function,
/// so they behave alike in every way but how the new value is found.
enum SetFlow {
    /// What the plan step gives back: the plan, the value it writes, and,
    /// for `bump`, what it was bumped from.
    struct Planned {
        var plan: Plan
        var value: String
        var bump: BumpReport? = nil
    }

    /// Runs `set`'s flow for `name`; `makePlan` plans with the planner of
    /// the options' root (after the lock is taken).
    static func run(
        command: String, name: String, options: SetOptions, makePlan: (Planner) throws(PatchError) -> Planned
    ) throws {
        // The lock comes before the first read, so no other run can write
        // between what this one reads and what it writes; it is held until
        // the report is printed (a dry run or --plan-out writes no target
        // and takes none).
        let writes = !options.dryRun && options.release.planOut == nil
        var lock: TreeLock?
        defer { lock?.release() }
        let planned: Planned
        do {
            if writes { lock = try options.lockOptions.lock(tree: options.root, quiet: options.quiet.quiet) }
            try finishInterruptedWrites(journals: Journal.paths(near: options.root), dryRun: !writes)
            let planner = Planner(root: options.root, maxFileSize: options.fileSize.bytes, exclusions: options.exclude.exclusions)
            planned = try ProgressLine.scanning(planner, quiet: options.quiet.quiet, makePlan)
        } catch {
            if !error.targets.isEmpty { listDrift(name: name, error, json: options.json) }
            throw Output.fail(error, json: options.json)
        }
        // The value is known only now (bump computes it), and the branch
        // and commit message placeholders take it.
        let flow = WriteFlow(
            command: command, name: name, value: planned.value, dryRun: options.dryRun, diff: options.diff,
            json: options.json, planOut: options.release.planOut, git: options.release.git.steps,
            breakingHardLinks: options.hardLinks.breakHardLinks, bump: planned.bump, color: options.color.colorsDiff,
            quiet: options.quiet.quiet)
        try flow.finish(planned.plan)
    }

    /// Lists the targets of a drift error as `get` does (without `--json`;
    /// with it, the error report carries the diagnostics).
    static func listDrift(name: String, _ error: PatchError, json: Bool) {
        guard !json else { return }
        for entry in error.targets {
            Output.line(Output.describe(entry) + "  (\(entry.origin))")
        }
    }
}

/// `bump` only: what the value was bumped from (the JSON report's `bump`).
struct BumpReport: Encodable {
    var from: String
    var part: String
    var scheme: String
}
