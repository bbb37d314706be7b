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

    func run() throws {
        let plan: Plan
        do {
            plan = try Planner(root: root, maxFileSize: fileSize.bytes).locate(name)
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
            for entry in plan.entries {
                Output.line(Output.describe(entry) + "  (\(entry.origin))")
            }
        }
        if values.count > 1 {
            Output.error("error: the targets of \(name) disagree: \(values.joined(separator: ", "))")
            throw ExitCode(3)
        }
    }
}

struct GetReport: Encodable {
    var command = "get"
    var name: String
    var values: [String]
    var agree: Bool
    var targets: [TargetReport]
    var warnings: [String]
}
