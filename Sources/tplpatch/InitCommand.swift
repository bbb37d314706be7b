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

    @Flag(help: "Print one JSON document: the value, the slots found, the config's text and whether it was written.")
    var json = false

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
            if !json {
                for candidate in proposal.candidates {
                    Output.error("\(candidate.path):\(candidate.location)  \(candidate.selector)  \(proposal.value)  (\(candidate.kind))")
                }
            }
            if dryRun {
                if json { Output.json(InitReport(proposal, dryRun: true, written: false)) } else { Output.raw(proposal.text) }
                return
            }
            try proposal.refuseExisting(force: force)
            guard !proposal.candidates.isEmpty else {
                let found = proposal.existing == nil ? "convention finds" : "convention and the existing config find"
                Output.error("no other slot holds \(proposal.value); \(found) all \(proposal.discovered.count) target(s), so nothing is written")
                if json { Output.json(InitReport(proposal, dryRun: false, written: false)) }
                return
            }
            try proposal.write(force: force, breakingHardLinks: hardLinks.breakHardLinks)
            if json {
                Output.json(InitReport(proposal, dryRun: false, written: true))
            } else {
                Output.line("wrote \(proposal.path) with \(proposal.candidates.count) target(s) for \(name)")
            }
        } catch let failure as PatchError {
            throw Output.fail(failure, json: json)
        }
    }
}

/// `init --json`.
struct InitReport: Encodable {
    var schema = 1
    var command = "init"
    var name: String
    var value: String
    var dryRun: Bool
    /// Where the config goes.
    var config: String
    var written: Bool
    /// The targets discovery already finds (not repeated in the config).
    var discovered: [TargetReport]
    /// The other slots holding the value, which the config adds.
    var candidates: [Candidate]
    /// The proposed config.
    var text: String

    struct Candidate: Encodable {
        var file: String
        var line: Int
        var column: Int
        var selector: String
        var kind: String
    }

    init(_ proposal: ConfigProposal, dryRun: Bool, written: Bool) {
        name = proposal.name
        value = proposal.value
        self.dryRun = dryRun
        config = proposal.path
        self.written = written
        discovered = proposal.discovered.map(TargetReport.init)
        candidates = proposal.candidates.map {
            Candidate(file: $0.path, line: $0.location.line, column: $0.location.column, selector: $0.selector.description, kind: $0.kind)
        }
        text = proposal.text
    }
}
