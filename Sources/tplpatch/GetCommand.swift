import ArgumentParser
import TemplatePatch

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "List every target of a variable and its value.",
        discussion: """
            Prints file:line:col, selector and value for each target. Exits 3 when \
            the targets disagree (drift), so CI can catch a half-done bump.

            Example:
              tplpatch get chroma_version --root .
            """)

    @Argument(help: "The variable, e.g. chroma_version.")
    var name: String

    @Option(help: "The repository root to search.")
    var root: String = "."

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    func run() throws {
        let plan: Plan
        do {
            plan = try ProgressLine.scanning(Planner(root: root, maxFileSize: fileSize.bytes, exclusions: exclude.exclusions)) {
                (planner) throws(PatchError) in try planner.locate(name)
            }
        } catch {
            throw Output.fail(error, json: json)
        }
        Output.diagnostics(plan.warnings)
        reportInterruptedWrites(root: root, leftovers: plan.leftovers)
        let values = plan.distinctOldValues
        if json {
            Output.json(GetReport(
                name: name, values: values, agree: values.count <= 1,
                targets: plan.entries.map(TargetReport.init), warnings: plan.warnings.map(\.description)))
        } else {
            GetCommand.printTargets(plan)
        }
        if values.count > 1 {
            GetCommand.reportDrift(name, values)
            throw ExitCode(3)
        }
    }

    /// One line per target, `path:line:col  selector  value  (origin)`
    /// (also what `check` prints).
    static func printTargets(_ plan: Plan) {
        for entry in plan.entries {
            Output.line(Output.describe(entry) + "  (\(entry.origin))")
        }
    }

    /// The drift error, to standard error.
    static func reportDrift(_ name: String, _ values: [String]) {
        Output.error("error: the targets of \(name) disagree: \(values.joined(separator: ", "))")
    }
}

struct GetReport: Encodable {
    var schema = 1
    var command = "get"
    var name: String
    var values: [String]
    var agree: Bool
    var targets: [TargetReport]
    var warnings: [String]
}
