import ArgumentParser
import TemplatePatch

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Tag HEAD with the version every target of a variable holds.",
        discussion: """
            Reads every target of NAME as `get` does; when they disagree it lists \
            them and exits 3. The files holding targets must have no uncommitted \
            changes. Then it creates the annotated tag VALUE (or PREFIX + VALUE) at \
            HEAD. A tag of that name at HEAD already is reported and exits 0 (and is \
            pushed again with --push); one at another commit is refused (exit 1).

            Example:
              tplpatch tag chroma_version --prefix v --push origin
            """)

    @Argument(help: "The variable, e.g. chroma_version.")
    var name: String

    @Option(help: "The repository root to search.")
    var root: String = "."

    @Option(help: ArgumentHelp("Put this before the value in the tag's name, e.g. v.", valueName: "text"))
    var prefix: String = ""

    @Option(help: ArgumentHelp("The tag's message ({name} and {value} are substituted; default: Release NAME VALUE).", valueName: "text"))
    var message: String?

    @Option(help: ArgumentHelp("Push the tag to this remote.", valueName: "remote"))
    var push: String?

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    func validate() throws {
        if let push, push.isEmpty || push.hasPrefix("-") { throw ValidationError("--push needs a remote name, e.g. origin") }
    }

    func run() throws {
        let outcome: ReleaseTag.Outcome
        let value: String?
        do {
            let plan = try Planner(root: root, maxFileSize: fileSize.bytes, exclusions: exclude.exclusions).locate(name)
            Output.diagnostics(plan.warnings)
            value = plan.distinctOldValues.first
            if plan.distinctOldValues.count > 1, !json {
                for entry in plan.entries { Output.line(Output.describe(entry) + "  (\(entry.origin))") }
            }
            outcome = try ReleaseTag.make(for: plan, name: name, prefix: prefix, message: message, push: push)
        } catch {
            throw Output.fail(error, json: json)
        }
        if json {
            Output.json(TagReport(
                name: name, value: value, tag: outcome.tag, commit: outcome.commit, created: outcome.created, pushed: outcome.pushed))
            return
        }
        let commit = outcome.commit.prefix(12)
        if outcome.created {
            Output.line("tagged \(commit) as \(outcome.tag)")
        } else {
            Output.line("the tag \(outcome.tag) is at HEAD (\(commit)) already")
        }
        if let remote = outcome.pushed { Output.line("pushed \(outcome.tag) to \(remote)") }
    }
}

/// `tag --json`.
struct TagReport: Encodable {
    var schema = 1
    var command = "tag"
    var name: String
    var value: String?
    var tag: String
    /// The full hash of HEAD, which the tag names.
    var commit: String
    /// False when the tag was at HEAD already.
    var created: Bool
    /// The remote pushed to (`--push`), else null.
    var pushed: String?

    private enum CodingKeys: String, CodingKey { case schema, command, name, value, tag, commit, created, pushed }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(command, forKey: .command)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(tag, forKey: .tag)
        try container.encode(commit, forKey: .commit)
        try container.encode(created, forKey: .created)
        try container.encode(pushed, forKey: .pushed)
    }
}
