import ArgumentParser
import TemplatePatch

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a plan file that `set --plan-out` or `bump --plan-out` wrote.",
        discussion: """
            Applies the plan only if every file it names still has the SHA-256 \
            the plan recorded (else exit 1, naming each file that changed), each \
            edit's bytes are still its old text, and each edited file parses again \
            with only those edits, as `set` proves it. Then it writes as `set` \
            does: every file or none, under the tree's lock, through the journal, \
            refusing a target with other hard links unless --break-hard-links. \
            A file that is not a plan, or a plan of a newer schema, is exit 1.

            Example:
              tplpatch bump chroma_version patch --plan-out release.plan.json
              tplpatch apply release.plan.json --diff
            """)

    @Argument(help: "The plan file (JSON, see the README's \"Plan files\").")
    var file: String

    @Option(help: "The root the plan's paths are relative to.")
    var root: String = "."

    @Flag(help: "Check the plan and show what would change (as a diff); write nothing.")
    var dryRun = false

    @Flag(help: "Print a unified diff of the changes.")
    var diff = false

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var hardLinks: HardLinkOption

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var git: GitOptions

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var color: ColorOption

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        try quiet.refuse(with: "--json", given: json)
        try quiet.refuse(with: "--diff", given: diff)
    }

    func run() throws {
        var lock: TreeLock?
        defer { lock?.release() }
        let plan: Plan
        let document: PlanDocument
        do throws(PatchError) {
            let bytes: [UInt8]
            do {
                bytes = try FileIO.read(file, limit: fileSize.bytes)
            } catch {
                throw PatchError([error.diagnostic])
            }
            document = try PlanDocument.decode(bytes, path: file)
            if !dryRun { lock = try lockOptions.lock(tree: root, quiet: quiet.quiet) }
            try finishInterruptedWrites(journals: Journal.paths(near: root), dryRun: dryRun)
            plan = try document.verifiedPlan(root: root, planPath: file, maxFileSize: fileSize.bytes)
        } catch {
            throw Output.fail(error, json: json)
        }
        let flow = WriteFlow(
            command: "apply", name: document.name, value: document.value, dryRun: dryRun, diff: diff, json: json, git: git.steps,
            breakingHardLinks: hardLinks.breakHardLinks, color: color.colorsDiff, quiet: quiet.quiet)
        try flow.finish(plan)
    }
}
