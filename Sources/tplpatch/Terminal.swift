import ArgumentParser
import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif
import TemplatePatch

/// What a terminal gets that a pipe does not: a coloured diff and a
/// progress line. Whether a stream is a terminal is asked of the stream
/// (`isatty`), never guessed from the environment.
enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Whether `auto` colour is off by the environment: `NO_COLOR` set to
    /// anything but "" (no-color.org), or `TERM=dumb` (as git has it).
    static func environmentRefusesColor(_ environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
    }
}

/// `--color auto|always|never`.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
}

/// `--color`, for the commands that print a diff (`set`, `bump`, `apply`, `edit`).
struct ColorOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Colour the diff as git does: auto (when standard output is a terminal, unless NO_COLOR is set or TERM=dumb), always, never. --json is never coloured.",
            valueName: "when"))
    var color: ColorChoice = .auto

    /// Whether a diff printed to standard output is coloured.
    var colorsDiff: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTerminal(STDOUT_FILENO) && !Terminal.environmentRefusesColor(ProcessInfo.processInfo.environment)
        }
    }
}

/// `--quiet` / `-q`, for the commands that write or report (`set`, `bump`,
/// `apply`, `edit`, `publish`).
struct QuietOption: ParsableArguments {
    @Flag(
        name: [.short, .long],
        help: "Print only errors: no target list, summary, warning or progress line. The exit status is the same.")
    var quiet = false

    /// Refuses `--quiet` with an option that asks for output (`--json`, `--diff`).
    func refuse(with option: String, given: Bool) throws {
        if quiet && given { throw ValidationError("--quiet prints only errors, so it takes no \(option)") }
    }
}

/// A unified diff coloured as `git diff` colours it: the `---`/`+++`
/// header bold, `@@` hunk headers cyan, removed lines red, added lines
/// green, context and `\ No newline` lines plain. The escape sequence is
/// reset before each line's newline, so a pager or `less -R` shows it
/// line by line.
enum DiffColor {
    static let bold = Array("\u{1B}[1m".utf8)
    static let red = Array("\u{1B}[31m".utf8)
    static let green = Array("\u{1B}[32m".utf8)
    static let cyan = Array("\u{1B}[36m".utf8)
    static let reset = Array("\u{1B}[m".utf8)

    /// Every changed file's diff, coloured.
    static func colored(_ plan: Plan) -> [UInt8] {
        plan.changedFiles.flatMap { colored(fileDiff: $0.diffBytes()) }
    }

    /// One file's diff (two header lines, then hunks), coloured. Every
    /// hunk line starts with ' ', '-', '+', '@' or '\', so its first byte
    /// says what it is; only the header needs its place.
    static func colored(fileDiff bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var start = 0
        var index = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[start..<end]
            let color: [UInt8]?
            if index < 2 {
                color = bold
            } else {
                switch line.first {
                case UInt8(ascii: "@"): color = cyan
                case UInt8(ascii: "-"): color = red
                case UInt8(ascii: "+"): color = green
                default: color = nil
                }
            }
            if let color, !line.isEmpty {
                out += color
                out += line
                out += reset
            } else {
                out += line
            }
            if end < bytes.count { out.append(UInt8(ascii: "\n")) }
            start = end + 1
            index += 1
        }
        return out
    }
}

/// The progress line on standard error while discovery scans a large
/// tree: "scanned N of T files, M target(s)", redrawn in place (`\r`,
/// then erase to the end of the line) and erased by `finish()`. It shows
/// only when standard error is a terminal, and only once the scan has
/// run for the delay (1 s; `TPLPATCH_PROGRESS_DELAY_MS`, for tests, sets
/// it in milliseconds, 0 showing it at the first batch), so a quick run
/// never flickers.
final class ProgressLine: Sendable {
    static let delayVariable = "TPLPATCH_PROGRESS_DELAY_MS"

    private let started = ContinuousClock.now
    private let delay: Duration
    private let drawn = Mutex(false)

    private init(delay: Duration) {
        self.delay = delay
    }

    /// The progress line of a run, or nil when it is not to be shown
    /// (`quiet`, or standard error is not a terminal).
    private static func start(quiet: Bool = false) -> ProgressLine? {
        guard !quiet, Terminal.isTerminal(STDERR_FILENO) else { return nil }
        let text = ProcessInfo.processInfo.environment[delayVariable] ?? ""
        // A malformed value is a test's mistake, not the user's: the default applies.
        let milliseconds = Int(text).flatMap { $0 >= 0 ? $0 : nil } ?? 1000
        return ProgressLine(delay: .milliseconds(milliseconds))
    }

    /// Runs `body` with `planner` reporting its scan to a progress line
    /// (when one is to be shown), erased before `body`'s result is printed.
    static func scanning<T>(
        _ planner: Planner, quiet: Bool = false, _ body: (Planner) throws(PatchError) -> T
    ) throws(PatchError) -> T {
        guard let line = start(quiet: quiet) else { return try body(planner) }
        var planner = planner
        planner.progress = { progress in line.update(progress) }
        defer { line.finish() }
        return try body(planner)
    }

    func update(_ progress: ScanProgress) {
        guard ContinuousClock.now - started >= delay else { return }
        let text =
            if let uses = progress.otherUses {
                "\rchecked \(progress.scanned) of \(progress.total) files, \(uses) other use(s)\u{1B}[K"
            } else {
                "\rscanned \(progress.scanned) of \(progress.total) files, \(progress.targets) target(s)\u{1B}[K"
            }
        drawn.withLock { drawn in
            drawn = true
            Output.errorRaw(text)
        }
    }

    /// Erases the line, if it was drawn, before anything else is printed.
    func finish() {
        drawn.withLock { drawn in
            if drawn { Output.errorRaw("\r\u{1B}[K") }
            drawn = false
        }
    }
}
