import ArgumentParser
import TemplatePatch
import TemplateSyntax

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Check that files parse; with --print, write the printed tree.",
        discussion: """
            The printed tree is always the input, byte for byte:
              tplpatch parse --print chroma.cf.json | cmp - chroma.cf.json
            """)

    @Argument(help: "The files to check.")
    var files: [String]

    @OptionGroup var format: FormatOption

    @Flag(help: "Write each file's printed tree to standard output.")
    var print = false

    @Flag(help: "Print one JSON document: each file, its format, size and number of values, or its errors.")
    var json = false

    @OptionGroup var fileSize: FileSizeOption

    func validate() throws {
        if print && json { throw ValidationError("--print writes the files' bytes, so it takes no --json") }
    }

    func run() throws {
        var failed = false
        var reports: [ParseReport.File] = []
        for file in files {
            do {
                let (format, document) = try Planner.load(file, format: format.resolved, maxFileSize: fileSize.bytes)
                if json {
                    reports.append(ParseReport.File(
                        file: file, ok: true, format: format.name, bytes: document.source.count, values: document.scalars().count, errors: []))
                } else if print, let tiled = document as? any PrintsSourceRuns {
                    Output.bytes(document.source.bytes, runs: tiled.printedRuns())
                } else if print {
                    Output.bytes(document.printed())
                } else {
                    Output.line("\(file): ok (\(format.name), \(document.source.count) bytes, \(document.scalars().count) values)")
                }
            } catch {
                if json {
                    reports.append(ParseReport.File(
                        file: file, ok: false, format: nil, bytes: nil, values: nil, errors: error.diagnostics.map(DiagnosticReport.init)))
                }
                Output.diagnostics(error.diagnostics)
                failed = true
            }
        }
        if json { Output.json(ParseReport(ok: !failed, files: reports)) }
        if failed { throw ExitCode(1) }
    }
}

/// `parse --json`.
struct ParseReport: Encodable {
    var schema = 1
    var command = "parse"
    var ok: Bool
    var files: [File]

    struct File: Encodable {
        var file: String
        var ok: Bool
        var format: String?
        var bytes: Int?
        var values: Int?
        var errors: [DiagnosticReport]

        private enum CodingKeys: String, CodingKey { case file, ok, format, bytes, values, errors }

        /// Every key is always present (`null` for a file that failed).
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(ok, forKey: .ok)
            try container.encode(format, forKey: .format)
            try container.encode(bytes, forKey: .bytes)
            try container.encode(values, forKey: .values)
            try container.encode(errors, forKey: .errors)
        }
    }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Print the value(s) a selector names in a file, one a line.",
        discussion: """
            Example:
              tplpatch query deployments/aws/chroma.cf.json Parameters.ChromaVersion.Default
              tplpatch query package.json /version
            """)

    @Argument(help: "The file to read.")
    var file: String

    @Argument(help: "A selector: dotted keys, [index], * or a JSON Pointer.")
    var selector: String

    @OptionGroup var format: FormatOption

    @Flag(help: "Print one JSON document: the values and where each is.")
    var json = false

    @OptionGroup var fileSize: FileSizeOption

    func run() throws {
        let parsed = try parseSelector(selector)
        do {
            let found = try Planner.select(in: file, parsed, format: format.resolved, maxFileSize: fileSize.bytes)
            if json {
                Output.json(QueryReport(
                    file: file, selector: selector, values: found.entries.map(\.oldValue), targets: found.entries.map(TargetReport.init)))
                return
            }
            for entry in found.entries { Output.line(entry.oldValue) }
        } catch {
            throw Output.fail(error, json: json)
        }
    }
}

/// `query --json`.
struct QueryReport: Encodable {
    var schema = 1
    var command = "query"
    var file: String
    var selector: String
    var values: [String]
    var targets: [TargetReport]
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Set the value(s) a selector names in one file.",
        discussion: """
            Only the bytes of the selected literal change; the file is parsed again \
            and must read back the new value with nothing else changed.

            Example:
              tplpatch edit deployments/aws/chroma.cf.json Parameters.ChromaVersion.Default 1.2.3 --diff
            """)

    @Argument(help: "The file to edit.")
    var file: String

    @Argument(help: "A selector: dotted keys, [index], * or a JSON Pointer.")
    var selector: String

    @Argument(help: "The new value.")
    var value: String

    @OptionGroup var format: FormatOption

    @Flag(help: "Show what would change (as a diff); write nothing.")
    var dryRun = false

    @Flag(help: "Print a unified diff of the change.")
    var diff = false

    @OptionGroup var hardLinks: HardLinkOption

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var emptyValue: EmptyValueOption

    @OptionGroup var fileSize: FileSizeOption

    @Flag(help: "Print one JSON document describing the result.")
    var json = false

    @OptionGroup var color: ColorOption

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        try emptyValue.check(value)
        try quiet.refuse(with: "--diff", given: diff)
        try quiet.refuse(with: "--json", given: json)
    }

    func run() throws {
        let parsed = try parseSelector(selector)
        // The lock of the git work tree holding the file (else of its folder), before the file is read.
        var lock: TreeLock?
        defer { lock?.release() }
        do {
            if !dryRun { lock = try lockOptions.lock(file: file, quiet: quiet.quiet) }
            try finishInterruptedWrites(journals: [Journal.path(forFile: file)], dryRun: dryRun)
            let plan = try Planner.plan(
                edit: file, at: parsed, to: value, format: format.resolved, allowEmpty: emptyValue.allowEmpty,
                maxFileSize: fileSize.bytes)
            if !dryRun { try plan.apply(breakingHardLinks: hardLinks.breakHardLinks) }
            if json {
                Output.json(EditReport(
                    file: file, selector: selector, value: value, dryRun: dryRun,
                    written: dryRun ? [] : plan.changedFiles.map(\.path), targets: plan.entries.map(TargetReport.init),
                    diff: (diff || dryRun) ? plan.diff() : nil))
                return
            }
            if quiet.quiet { return }
            for entry in plan.entries { Output.line(Output.describe(entry)) }
            if diff || dryRun { Output.bytes(color.colorsDiff ? DiffColor.colored(plan) : plan.diffBytes()) }
        } catch {
            throw Output.fail(error, json: json)
        }
    }
}

/// `edit --json`: `set`'s document for one file and selector.
struct EditReport: Encodable {
    var schema = 1
    var command = "edit"
    var file: String
    var selector: String
    var value: String
    var dryRun: Bool
    var written: [String]
    var targets: [TargetReport]
    var diff: String?
}
