import ArgumentParser
import Foundation
import TemplatePatch
import TemplateSyntax

/// `--format F`, shared by the commands that take files.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The file format, when the file name does not tell it.", valueName: "json"))
    var format: String?

    func validate() throws {
        if let format, Format.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(Format.all.map(\.name).joined(separator: ", "))")
        }
    }

    var resolved: Format? { format.flatMap(Format.named) }
}

/// Parses a selector argument, turning a bad one into a usage error.
func parseSelector(_ text: String) throws -> Selector {
    do {
        return try Selector(parsing: text)
    } catch {
        throw ValidationError(error.description)
    }
}

/// `--wait` and `--wait-timeout`, for the commands that write and so take
/// the tree's lock (see `TreeLock`).
struct LockOptions: ParsableArguments {
    @Flag(help: "When another run holds the tree's lock, wait for it instead of failing at once.")
    var wait = false

    @Option(help: ArgumentHelp("Wait for the lock at most this long, then fail (implies --wait).", valueName: "seconds"))
    var waitTimeout: Double?

    func validate() throws {
        if let waitTimeout, !(waitTimeout > 0 && waitTimeout.isFinite) {
            throw ValidationError("--wait-timeout must be a number of seconds above 0")
        }
    }

    /// The lock of the tree `root` lies in.
    /// `quiet` (`--quiet`) keeps the note that it waits off standard error.
    func lock(tree root: String, quiet: Bool = false) throws(PatchError) -> TreeLock {
        try TreeLock.acquire(for: root, wait: wait || waitTimeout != nil, timeout: waitTimeout, waiting: Self.announcer(quiet))
    }

    /// The lock of the tree holding `file` (for `edit`).
    func lock(file: String, quiet: Bool = false) throws(PatchError) -> TreeLock {
        try TreeLock.acquire(forFile: file, wait: wait || waitTimeout != nil, timeout: waitTimeout, waiting: Self.announcer(quiet))
    }

    private static func announcer(_ quiet: Bool) -> ((TreeLock.Holder?) -> Void)? {
        if quiet { return nil }
        return { holder in Output.error("waiting for the tree's lock, held by \(holder?.description ?? "another process")") }
    }
}

/// `--allow-empty`, for the commands that take a new VALUE.
struct EmptyValueOption: ParsableArguments {
    @Flag(help: "Accept an empty or whitespace-only VALUE (refused by default: it is usually an unset variable).")
    var allowEmpty = false

    /// Refuses an empty VALUE as a usage error, before any lock or read.
    func check(_ value: String) throws {
        if !allowEmpty, let problem = Planner.emptyValueProblem(value) { throw ValidationError(problem) }
    }
}

/// Why the command line cannot be parsed safely, or nil. ArgumentParser
/// reads `-hello.cf.json` as the short flags `-h -e -l ...` and so prints
/// help and exits 0 where a file name was meant. tplpatch has no short
/// options but `-h` and `-q` (`--quiet`), so any other word starting with
/// one `-` (before a `--`), or a `--word` with a `.` or `/` in its name, is
/// refused as a usage error with the ways to say it.
func leadingDashProblem(_ arguments: [String]) -> String? {
    let command = arguments.first { !$0.hasPrefix("-") }
    for argument in arguments {
        if argument == "--" { return nil }
        // No option name holds '.' or '/': `--x.json` is a file name too.
        let optionName = argument.hasPrefix("--") ? argument.split(separator: "=", maxSplits: 1).first ?? "" : ""
        let fileLike = optionName.contains(".") || optionName.contains("/")
        guard argument.hasPrefix("-"), !argument.hasPrefix("--") || fileLike, argument != "-", argument != "-h", argument != "-q" else { continue }
        let example = "tplpatch \(command.map { $0 + " " } ?? "")[OPTIONS] -- ARGUMENTS..."
        return "'\(argument)' is not an option (the only short options are -h and -q, and no option has '.' or '/' in its name). A file name or value starting with '-' goes "
            + "after '--', with the options before it (\(example)), or is written ./\(argument); an option's value is "
            + "written --option=\(argument)"
    }
    return nil
}

/// `--max-file-size SIZE`, shared by every command that reads templates.
/// The option wins over `TPLPATCH_MAX_FILE_SIZE`, which wins over the
/// default (64 MiB). A malformed size, from either, is a usage error.
struct FileSizeOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The largest file to read: bytes, or a number with K, M, G or T (binary: 100M is 100 MiB). Default: \(FileSize.environmentVariable), else 64M.",
            valueName: "size"))
    var maxFileSize: String?

    func validate() throws {
        _ = try limit()
    }

    /// The limit in bytes.
    var bytes: Int { (try? limit()) ?? FileSize.defaultLimit }

    private func limit() throws -> Int {
        if let maxFileSize {
            guard let bytes = FileSize.parse(maxFileSize) else {
                throw ValidationError("--max-file-size '\(maxFileSize)' is not a size; write bytes (1048576) or a number with K, M, G or T (100M, 1G)")
            }
            return bytes
        }
        if let text = ProcessInfo.processInfo.environment[FileSize.environmentVariable] {
            guard let bytes = FileSize.parse(text) else {
                throw ValidationError("\(FileSize.environmentVariable)='\(text)' is not a size; write bytes (1048576) or a number with K, M, G or T (100M, 1G)")
            }
            return bytes
        }
        return FileSize.defaultLimit
    }
}

/// `--exclude GLOB` (repeatable), for the commands that walk the root.
/// The globs are root-relative (see `Exclusions`); they add to the
/// config's `exclude:` list.
struct ExcludeOptions: ParsableArguments {
    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "Pass over the files and folders this root-relative glob matches (* ? **; a folder excludes all under it). Repeatable.",
            valueName: "glob"))
    var patterns: [String] = []

    func validate() throws {
        for pattern in patterns {
            if let problem = Exclusions.problem(with: pattern) { throw ValidationError("--exclude '\(pattern)' \(problem)") }
        }
    }

    var exclusions: Exclusions { Exclusions(patterns) }
}

/// `--branch`, `--commit`, `--message`: the git steps of a writing command
/// (`set`, `bump`, `apply`; see `GitSteps`).
struct GitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Create this branch at HEAD and switch to it before writing ({name} and {value} are substituted); an existing branch is an error.",
            valueName: "name"))
    var branch: String?

    @Flag(help: "Commit exactly the changed files (message: Release NAME VALUE, or --message).")
    var commit = false

    @Option(help: ArgumentHelp("The commit message with --commit ({name} and {value} are substituted).", valueName: "text"))
    var message: String?

    func validate() throws {
        if message != nil && !commit { throw ValidationError("--message is the commit message: it needs --commit") }
        if let branch, branch.isEmpty { throw ValidationError("--branch needs a branch name") }
    }

    var steps: GitSteps { GitSteps(branch: branch, commit: commit, message: message) }
}

/// The options `set` and `bump` share beyond the value (part of
/// `SetOptions`): `--plan-out FILE` and the git steps (`GitOptions`).
struct ReleaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write the plan as JSON to this file (see `tplpatch apply`) and change nothing else.", valueName: "file"))
    var planOut: String?

    @OptionGroup var git: GitOptions

    func validate() throws {
        if let planOut, planOut.isEmpty { throw ValidationError("--plan-out needs a file name") }
        if planOut != nil && !git.steps.isEmpty {
            throw ValidationError("--plan-out changes nothing, so it takes no --branch or --commit; give those to `tplpatch apply`")
        }
    }
}
