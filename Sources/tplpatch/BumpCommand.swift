import ArgumentParser
import TemplatePatch

struct BumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bump",
        abstract: "Move one part of a variable's version, then set it everywhere.",
        discussion: """
            Reads the current value of every target of NAME (as get does; they \
            must all agree, else it lists them and exits 3), computes the next \
            version for PART under the scheme (--scheme, else 'scheme:' in \
            .tplpatch.yml, else semver), then does exactly what set does with that \
            value. A current value that is not a version under the scheme, or a \
            PART that makes no sense for it (release of a final version), exits 1. \
            --plan-out, --branch, --commit and --message work as on set; {value} \
            in the branch name or message is the new version.

            Examples:
              tplpatch bump chroma_version patch --root . --diff
              tplpatch bump chroma_version patch --branch 'release/python-{value}' --commit
              tplpatch bump chroma_version minor --plan-out release.plan.json
            """)

    @Argument(help: "The variable, e.g. chroma_version.")
    var name: String

    @Argument(help: ArgumentHelp("The part of the version to move.", valueName: "part"))
    var part: VersionPart

    @OptionGroup var options: SetOptions

    func run() throws {
        try SetFlow.run(command: "bump", name: name, options: options) { (planner) throws(PatchError) in
            let bump = try planner.plan(bump: name, part: part, scheme: options.scheme)
            return SetFlow.Planned(
                plan: bump.plan, value: bump.new,
                bump: BumpReport(from: bump.old, part: part.rawValue, scheme: bump.scheme.rawValue))
        }
    }
}
