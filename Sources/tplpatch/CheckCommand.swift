import ArgumentParser
import TemplatePatch

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "For CI: the targets agree, and the value is nowhere else a target should be.",
        discussion: """
            Lists every target as get does; exits 3 when they disagree. Then scans \
            every text file under the root (less exclusions, git-ignored, binary and \
            too-large files) for the current value outside the targets, and for the \
            name used in its place, and lists each occurrence as file:line:col, one of: \
            reference, placeholder, likely missed target (the value in a version-like \
            slot: set would not change it), other text. Exits 3 when a likely missed \
            target exists, else 0. Without NAME, checks every variable .tplpatch.yml \
            names, one after another (what the pre-commit hook tplpatch-check runs), \
            and exits 3 when any of them would.

            Example:
              tplpatch check chroma_version --root . --exclude 'docs/**'
            """)

    @Argument(help: "The variable, e.g. chroma_version; default: every variable in .tplpatch.yml.")
    var name: String?

    @Option(help: "The repository root to search.")
    var root: String = "."

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var fileSize: FileSizeOption

    @OptionGroup var exclude: ExcludeOptions

    func validate() throws {
        if name == nil && json { throw ValidationError("--json describes one variable: give NAME") }
    }

    func run() throws {
        guard let name else {
            let names: [String]
            do {
                names = try ProjectConfig.load(root: root, maxFileSize: fileSize.bytes)?.variables.keys.sorted() ?? []
            } catch {
                throw Output.fail(error, json: false)
            }
            guard !names.isEmpty else {
                Output.error("error: no NAME given, and no \(ProjectConfig.fileNames[0]) under \(root) names a variable; give NAME")
                throw ExitCode(1)
            }
            var worst: Int32 = 0
            for name in names {
                do { try check(name) } catch let exit as ExitCode { worst = max(worst, exit.rawValue) }
            }
            if worst != 0 { throw ExitCode(worst) }
            return
        }
        try check(name)
    }

    /// Checks one variable; throws its exit status when it is not 0.
    private func check(_ name: String) throws {
        let report: CheckReport
        do {
            report = try ProgressLine.scanning(Planner(root: root, maxFileSize: fileSize.bytes, exclusions: exclude.exclusions)) {
                (planner) throws(PatchError) in try planner.check(name)
            }
        } catch {
            throw Output.fail(error, json: json)
        }
        Output.diagnostics(report.warnings)
        reportInterruptedWrites(root: root, leftovers: report.plan.leftovers)
        if json {
            Output.json(CheckJSON(report))
        } else {
            GetCommand.printTargets(report.plan)
            var lines = ""
            for occurrence in report.occurrences {
                lines += "\(occurrence.path):\(occurrence.line):\(occurrence.column)  \(occurrence.kind.label)  \(occurrence.excerpt)\n"
            }
            Output.raw(lines)
        }
        if !report.skippedLarge.isEmpty {
            Output.error("note: \(report.skippedLarge.count) file(s) over the size limit were not scanned: \(report.skippedLarge.joined(separator: ", "))")
        }
        guard let value = report.value else {
            GetCommand.reportDrift(name, report.values)
            Output.error("note: the other files are scanned once the targets agree")
            throw ExitCode(3)
        }
        let counts = CheckReport.Kind.allCases.map { kind in (kind, report.occurrences.filter { $0.kind == kind }.count) }
        let summary = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.label)" }.joined(separator: ", ")
        let targets = report.plan.entries.count
        Output.error("\(name): \(targets) target(s) agree on \(value); outside them: \(summary.isEmpty ? "nothing" : summary)")
        if report.exitCode != 0 {
            Output.error("error: \(name) = \(value) is also written in a version-like slot that is not a target; make it one in .tplpatch.yml, or exclude its file")
            throw ExitCode(report.exitCode)
        }
    }
}

/// `check --json`: a stable shape, versioned by `schema`.
struct CheckJSON: Encodable {
    var schema = 1
    var command = "check"
    var name: String
    var value: String?
    var values: [String]
    var agree: Bool
    var targets: [TargetReport]
    var occurrences: [OccurrenceJSON]
    var skipped: [String]
    var warnings: [String]
    var exitCode: Int32

    struct OccurrenceJSON: Encodable {
        var file: String
        var line: Int
        var column: Int
        var kind: String
        var text: String
        var key: String?
        var excerpt: String
    }

    init(_ report: CheckReport) {
        name = report.name
        value = report.value
        values = report.values
        agree = report.agree
        targets = report.plan.entries.map(TargetReport.init)
        occurrences = report.occurrences.map {
            OccurrenceJSON(file: $0.path, line: $0.line, column: $0.column, kind: $0.kind.rawValue, text: $0.text, key: $0.key, excerpt: $0.excerpt)
        }
        skipped = report.skippedLarge
        warnings = report.warnings.map(\.description)
        exitCode = report.exitCode
    }
}
