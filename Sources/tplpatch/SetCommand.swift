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
            (naming that run), or waits with --wait. With a scheme (--scheme, or \
            'scheme:' in .tplpatch.yml), VALUE must be a version under it (else exit 2).

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

    @Option(help: "Change only if every target now holds this value (else exit 3).")
    var from: String?

    @OptionGroup var options: SetOptions

    @OptionGroup var emptyValue: EmptyValueOption

    func validate() throws {
        try emptyValue.check(value)
        if let scheme = options.scheme {
            do {
                try scheme.validate(value)
            } catch {
                throw ValidationError("the new value is not a \(scheme.displayName) version: \(error)")
            }
        }
    }

    func run() throws {
        try SetFlow.run(command: "set", name: name, options: options) { (planner) throws(PatchError) in
            let plan = try planner.plan(
                set: name, to: value, from: from, allowEmpty: emptyValue.allowEmpty, scheme: options.scheme)
            return SetFlow.Planned(plan: plan, value: value)
        }
    }
}
