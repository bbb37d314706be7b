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
}

extension VersionScheme: ExpressibleByArgument {}
extension VersionPart: ExpressibleByArgument {}

/// What `set` and `bump` do once they know how to plan: take the lock,
/// finish an interrupted write, plan, write every file or none, report.
/// Both commands run this one function, so they behave alike in every way
/// but how the new value is found.
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
        // the report is printed (a dry run writes nothing and takes none).
        var lock: TreeLock?
        defer { lock?.release() }
        let planned: Planned
        do {
            if !options.dryRun { lock = try options.lockOptions.lock(tree: options.root) }
            try finishInterruptedWrites(journals: Journal.paths(near: options.root), dryRun: options.dryRun)
            planned = try makePlan(Planner(root: options.root, maxFileSize: options.fileSize.bytes))
        } catch {
            if !error.targets.isEmpty { listDrift(name: name, error, json: options.json) }
            throw Output.fail(error, json: options.json)
        }
        let plan = planned.plan
        Output.diagnostics(plan.warnings)
        if options.dryRun, !options.hardLinks.breakHardLinks { Output.diagnostics(plan.hardLinkWarnings()) }
        let changed = plan.entries.filter(\.changes)
        if !options.dryRun {
            do {
                try plan.apply(breakingHardLinks: options.hardLinks.breakHardLinks)
            } catch {
                throw Output.fail(error, json: options.json)
            }
        }
        if options.json {
            Output.json(SetReport(
                command: command, name: name, value: planned.value, bump: planned.bump, dryRun: options.dryRun,
                written: options.dryRun ? [] : plan.changedFiles.map(\.path),
                targets: plan.entries.map(TargetReport.init),
                warnings: plan.warnings.map(\.description),
                diff: (options.diff || options.dryRun) ? plan.diff() : nil))
            return
        }
        // One write for all the lines (a write per line is 20,000 system calls on a big tree).
        if !plan.entries.isEmpty { Output.raw(plan.entries.map { Output.describe($0) + "\n" }.joined()) }
        if options.diff || options.dryRun { Output.bytes(plan.diffBytes()) }
        if let bump = planned.bump {
            Output.error("\(name): \(bump.from) -> \(planned.value) (\(bump.part), \(bump.scheme))")
        }
        let files = plan.changedFiles.count
        let summary = "\(changed.count) of \(plan.entries.count) target(s) \(options.dryRun ? "would change" : "changed") in \(files) file(s)"
        Output.error(options.dryRun ? "dry run: \(summary); nothing written" : summary)
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

struct SetReport: Encodable {
    var command: String
    var name: String
    var value: String
    /// `bump` only: what the value was bumped from.
    var bump: BumpReport?
    var dryRun: Bool
    var written: [String]
    var targets: [TargetReport]
    var warnings: [String]
    var diff: String?
}

struct BumpReport: Encodable {
    var from: String
    var part: String
    var scheme: String
}
