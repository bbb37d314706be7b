import ArgumentParser
import TemplatePatch

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Propose a .tplpatch.yml for what naming convention does not find.",
        discussion: """
            Finds the current value of NAME by discovery, then every other \
            version-like slot in the repository holding that same value \
            (a Python __version__, a package.json version, a Helm appVersion), \
            and writes them as targets of NAME in .tplpatch.yml. An existing \
            config is never replaced without --force.

            Example:
              tplpatch init chroma_version --dry-run
            """)

    @Argument(help: "The variable, e.g. chroma_version.")
    var name: String

    @Option(help: "The repository root to search.")
    var root: String = "."

    @Flag(help: "Print the proposed config; write nothing.")
    var dryRun = false

    @Flag(help: "Replace an existing config.")
    var force = false

    @OptionGroup var hardLinks: HardLinkOption

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    func run() throws {
        var lock: TreeLock?
        defer { lock?.release() }
        do {
            if !dryRun { lock = try lockOptions.lock(tree: root) }
            try finishInterruptedWrites(journals: Journal.paths(near: root), dryRun: dryRun)
            let proposal = try ConfigProposal.propose(name, planner: Planner(root: root, maxFileSize: fileSize.bytes, exclusions: exclude.exclusions))
            for candidate in proposal.candidates {
                Output.error("\(candidate.path):\(candidate.location)  \(candidate.selector)  \(proposal.value)  (\(candidate.kind))")
            }
            if dryRun {
                Output.raw(proposal.text)
                return
            }
            try proposal.refuseExisting(force: force)
            guard !proposal.candidates.isEmpty else {
                let found = proposal.existing == nil ? "convention finds" : "convention and the existing config find"
                Output.error("no other slot holds \(proposal.value); \(found) all \(proposal.discovered.count) target(s), so nothing is written")
                return
            }
            try proposal.write(force: force, breakingHardLinks: hardLinks.breakHardLinks)
            Output.line("wrote \(proposal.path) with \(proposal.candidates.count) target(s) for \(name)")
        } catch let failure as PatchError {
            throw Output.fail(failure, json: false)
        }
    }
}
