import Foundation
import TestSupport
import Testing

/// Runs tplpatch under a real pseudo-terminal: util-linux `script` gives
/// the command a new terminal as its standard input, output and error,
/// and copies what that terminal shows to its own standard output (a pipe
/// here). The terminal turns each "\n" into "\r\n", as any terminal does.
enum PseudoTerminal {
    /// `script` on PATH; a test that needs it fails without it.
    static func script() throws -> URL {
        try Subprocess.onPath("script", missing: "script (util-linux) is not on PATH: it gives the tests a pseudo-terminal")
    }

    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// What the terminal showed (standard output and error, in order), and
    /// tplpatch's exit status (`script -e`). The environment asks for
    /// colour (TERM=xterm, NO_COLOR empty) and holds the progress line back
    /// for an hour, unless `environment` says otherwise.
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) throws -> (status: Int32, screen: String) {
        var merged = ["TERM": "xterm", "NO_COLOR": "", "SHELL": "/bin/sh", "TPLPATCH_PROGRESS_DELAY_MS": "3600000"]
        for (key, value) in environment { merged[key] = value }
        let command = ([CLI.executable.path] + arguments).map(quoted).joined(separator: " ")
        let result = try Subprocess.run(
            try script(), ["-q", "-e", "-c", command, "/dev/null"], in: directory, environment: merged, timeout: 120)
        return (result.status, result.stdoutText)
    }
}

/// What a terminal gets and a pipe does not (README "In a terminal"):
/// the coloured diff, the progress line, and `--quiet`, tested under a
/// real pseudo-terminal and through pipes.
@Suite struct TerminalCLITests {
    static let escape = "\u{1B}["
    static let red = "\u{1B}[31m"
    static let green = "\u{1B}[32m"
    static let cyan = "\u{1B}[36m"
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[m"
    static let erase = "\u{1B}[K"

    let scratch: Scratch
    let root: String

    init() throws {
        scratch = try Scratch()
        root = try scratch.copyFixture("chroma")
    }

    /// The environment of a piped run: as a user's shell with colour on.
    let piped = ["TERM": "xterm", "NO_COLOR": "", "TPLPATCH_PROGRESS_DELAY_MS": "0"]

    /// A pipe's run with the test's environment.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments, in: root, environment: piped.merging(environment) { $1 })
    }

    /// Whether `screen` shows the sample's AWS diff coloured as git colours it.
    static func showsColoredDiff(_ screen: String) -> Bool {
        screen.contains("\(bold)--- a/deployments/aws/chroma.cf.json\(reset)")
            && screen.contains("\(bold)+++ b/deployments/aws/chroma.cf.json\(reset)")
            && screen.contains("\(cyan)@@ -15,7 +15,7 @@\(reset)")
            && screen.contains("\(red)-      \"Default\": \"0.5.20\"\(reset)")
            && screen.contains("\(green)+      \"Default\": \"1.2.3\"\(reset)")
    }

    @Test(arguments: [["set", "chroma_version", "1.2.3", "--dry-run"], ["set", "chroma_version", "1.2.3", "--diff"],
                      ["bump", "chroma_version", "patch", "--dry-run"]])
    func aTerminalGetsTheDiffColouredByDefault(_ arguments: [String]) throws {
        let before = try scratch.snapshot()
        let shown = try PseudoTerminal.run(arguments, in: root)
        #expect(shown.status == 0, "\(shown.screen)")
        if arguments[0] == "bump" {
            #expect(shown.screen.contains("\(Self.green)+      \"Default\": \"0.5.21\"\(Self.reset)"), "\(shown.screen)")
        } else {
            #expect(Self.showsColoredDiff(shown.screen), "\(shown.screen)")
        }
        // Context lines and the target list stay plain.
        #expect(shown.screen.contains("\r\n       \"Type\": \"String\",\r\n"), "\(shown.screen)")
        #expect(shown.screen.contains("\r\ndeployments/aws/chroma.cf.json:18:18  Parameters.ChromaVersion.Default  0.5.20 -> "))
        #expect((try scratch.snapshot() == before) == arguments.contains("--dry-run"))
    }

    @Test func editColoursItsDiffToo() throws {
        let shown = try PseudoTerminal.run(
            ["edit", "deployments/aws/chroma.cf.json", "Parameters.ChromaVersion.Default", "1.2.3", "--dry-run"], in: root)
        #expect(shown.status == 0, "\(shown.screen)")
        #expect(Self.showsColoredDiff(shown.screen), "\(shown.screen)")
    }

    @Test func applyColoursThePlansDiff() throws {
        let plan = scratch.path + "/release.plan.json"
        let planned = try run(["set", "chroma_version", "1.2.3", "--plan-out", plan])
        #expect(planned.status == 0, "\(planned.stderr)")
        let shown = try PseudoTerminal.run(["apply", plan, "--diff"], in: root)
        #expect(shown.status == 0, "\(shown.screen)")
        #expect(Self.showsColoredDiff(shown.screen), "\(shown.screen)")
    }

    @Test func aPipeGetsNoColourUnlessAskedForIt() throws {
        let plain = try run(["set", "chroma_version", "1.2.3", "--dry-run"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("-      \"Default\": \"0.5.20\"\n+      \"Default\": \"1.2.3\"\n"))
        #expect(!plain.stdout.contains("\u{1B}") && !plain.stderr.contains("\u{1B}"), "\(plain.stdout)\(plain.stderr)")

        let always = try run(["set", "chroma_version", "1.2.3", "--dry-run", "--color", "always"])
        #expect(always.status == 0, "\(always.stderr)")
        #expect(Self.showsColoredDiff(always.stdout), "\(always.stdout)")
        // NO_COLOR turns off only what auto would choose.
        let insisted = try run(["set", "chroma_version", "1.2.3", "--dry-run", "--color=always"], environment: ["NO_COLOR": "1"])
        #expect(Self.showsColoredDiff(insisted.stdout), "\(insisted.stdout)")
        // Only the escapes differ.
        #expect(Self.strippingEscapes(always.stdout) == plain.stdout)

        let applied = try run(["edit", "deployments/aws/chroma.cf.json", "Parameters.ChromaVersion.Default", "1.2.3", "--diff", "--color", "always"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(Self.showsColoredDiff(applied.stdout), "\(applied.stdout)")
    }

    /// `text` with every `ESC [ ... m` sequence taken out.
    static func strippingEscapes(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: escape) {
            out += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            if let end = rest.firstIndex(of: "m") { rest = rest[rest.index(after: end)...] }
        }
        return out + rest
    }

    @Test(arguments: [
        (["set", "chroma_version", "1.2.3", "--dry-run"], ["NO_COLOR": "1"]),
        (["set", "chroma_version", "1.2.3", "--dry-run"], ["TERM": "dumb"]),
        (["set", "chroma_version", "1.2.3", "--dry-run", "--color", "never"], [:]),
        (["edit", "deployments/aws/chroma.cf.json", "Parameters.ChromaVersion.Default", "1.2.3", "--dry-run", "--color", "never"], [:]),
    ])
    func aTerminalGetsNoColourWithNoColorOrNever(_ arguments: [String], _ environment: [String: String]) throws {
        let shown = try PseudoTerminal.run(arguments, in: root, environment: environment)
        #expect(shown.status == 0, "\(shown.screen)")
        #expect(shown.screen.contains("\r\n-      \"Default\": \"0.5.20\"\r\n+      \"Default\": \"1.2.3\"\r\n"), "\(shown.screen)")
        #expect(!shown.screen.contains("\u{1B}"), "\(shown.screen)")
    }

    @Test(arguments: [["--color", "auto"], ["--color", "always"]])
    func jsonIsNeverColoured(_ color: [String]) throws {
        let shown = try PseudoTerminal.run(["set", "chroma_version", "1.2.3", "--dry-run", "--json"] + color, in: root)
        #expect(shown.status == 0, "\(shown.screen)")
        #expect(!shown.screen.contains("\u{1B}"), "\(shown.screen)")
        // The terminal's "\r\n" back to "\n": one JSON document, its diff plain.
        let text = shown.screen.replacingOccurrences(of: "\r\n", with: "\n")
        let start = try #require(text.firstIndex(of: "{"))
        let end = try #require(text.lastIndex(of: "}"))
        let document = try JSONSerialization.jsonObject(with: Data(text[start...end].utf8)) as? [String: Any]
        let diff = try #require(document?["diff"] as? String)
        #expect(diff.contains("-      \"Default\": \"0.5.20\"\n+      \"Default\": \"1.2.3\"\n"))

        let piped = try run(["set", "chroma_version", "1.2.3", "--dry-run", "--json"] + color)
        #expect(!piped.stdout.contains("\u{1B}"), "\(piped.stdout)")
    }

    /// The progress line as the terminal shows it: drawn from the line's
    /// start, erased to its end.
    static var progressDrawing: Regex<(Substring, Substring, Substring, Substring)> {
        #/\rscanned (\d+) of (\d+) files, (\d+) target\(s\)\x1B\[K/#
    }

    @Test(arguments: [["set", "chroma_version", "1.2.3", "--dry-run"], ["get", "chroma_version"]])
    func aTerminalShowsTheProgressLineAndItIsErased(_ arguments: [String]) throws {
        let shown = try PseudoTerminal.run(arguments, in: root, environment: ["TPLPATCH_PROGRESS_DELAY_MS": "0"])
        #expect(shown.status == 0, "\(shown.screen)")
        let draws = shown.screen.matches(of: Self.progressDrawing)
        let last = try #require(draws.last, "no progress line: \(shown.screen)")
        #expect(last.output.1 == last.output.2, "the last line is the whole scan: \(last.output.0)")
        #expect((Int(last.output.3) ?? 0) >= 5, "the sample has at least five convention targets")
        // Erased before anything else is shown, and shown no more after.
        let after = shown.screen[last.range.upperBound...]
        #expect(after.hasPrefix("\r\(Self.erase)"), "\(shown.screen)")
        #expect(!after.contains("scanned "))
        #expect(after.contains("chroma_version") || after.contains("__version__"), "\(shown.screen)")
    }

    /// `check` reads every text file a second time, for the value and the
    /// name outside the targets: its line goes on through that pass.
    @Test func checkShowsBothPassesThenErasesTheLine() throws {
        let shown = try PseudoTerminal.run(["check", "chroma_version"], in: root, environment: ["TPLPATCH_PROGRESS_DELAY_MS": "0"])
        #expect(shown.status == 0, "\(shown.screen)")
        let scans = shown.screen.matches(of: Self.progressDrawing)
        let lastScan = try #require(scans.last, "no progress line: \(shown.screen)")
        #expect(lastScan.output.1 == lastScan.output.2, "discovery's line reaches the whole scan: \(lastScan.output.0)")
        let checks = shown.screen.matches(of: #/\rchecked (\d+) of (\d+) files, (\d+) other use\(s\)\x1B\[K/#)
        let lastCheck = try #require(checks.last, "no line for the second pass: \(shown.screen)")
        #expect(checks.allSatisfy { $0.range.lowerBound >= lastScan.range.upperBound }, "the second pass comes after discovery")
        #expect(lastCheck.output.1 == lastCheck.output.2, "\(lastCheck.output.0)")
        #expect((Int(lastCheck.output.3) ?? 0) >= 1, "the sample's templates use ${var.chroma_version}: \(lastCheck.output.0)")
        let after = shown.screen[lastCheck.range.upperBound...]
        #expect(after.hasPrefix("\r\(Self.erase)"), "\(shown.screen)")
        #expect(!after.contains("scanned ") && !after.contains("checked "))
        #expect(after.contains("chroma_version"), "\(shown.screen)")
    }

    @Test func noProgressLineUnderTheDefaultDelayOrThroughAPipeOrWhenQuiet() throws {
        // Held back (PseudoTerminal's hour of delay), the line never shows:
        // a scan shorter than the delay draws nothing.
        let held = try PseudoTerminal.run(["get", "chroma_version"], in: root)
        #expect(!held.screen.contains("scanned "), "\(held.screen)")

        let piped = try run(["set", "chroma_version", "1.2.3", "--dry-run"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("scanned ") && !piped.stderr.contains("\r"), "\(piped.stderr)")
        #expect(!piped.stdout.contains("scanned ") && !piped.stdout.contains("\r"))

        let quiet = try PseudoTerminal.run(["set", "chroma_version", "1.2.3", "-q"], in: root, environment: ["TPLPATCH_PROGRESS_DELAY_MS": "0"])
        #expect(quiet.status == 0, "\(quiet.screen)")
        #expect(quiet.screen == "", "\(quiet.screen)")
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let set = try run(["set", "chroma_version", "1.2.3", "--quiet"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "" && set.stderr == "", "\(set.stdout)\(set.stderr)")
        #expect(try CLI.run(["get", "chroma_version"], in: root).stdout.contains("1.2.3"))

        let bump = try run(["bump", "chroma_version", "minor", "-q"])
        #expect(bump.status == 0, "\(bump.stderr)")
        #expect(bump.stdout == "" && bump.stderr == "", "\(bump.stdout)\(bump.stderr)")

        let plan = scratch.path + "/release.plan.json"
        let planned = try run(["bump", "chroma_version", "patch", "--plan-out", plan, "-q"])
        #expect(planned.status == 0 && planned.stdout == "" && planned.stderr == "", "\(planned.stderr)")
        let applied = try run(["apply", plan, "-q"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout == "" && applied.stderr == "", "\(applied.stdout)\(applied.stderr)")
        #expect(try CLI.run(["get", "chroma_version"], in: root).stdout.contains("1.3.1"))

        let edit = try run(["edit", "deployments/aws/chroma.cf.json", "Parameters.ChromaVersion.Default", "1.3.2", "-q"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(edit.stdout == "" && edit.stderr == "", "\(edit.stdout)\(edit.stderr)")

        let dryRun = try run(["set", "chroma_version", "9.9.9", "--dry-run", "-q"])
        #expect(dryRun.status == 0 && dryRun.stdout == "" && dryRun.stderr == "", "\(dryRun.stdout)\(dryRun.stderr)")

        let publish = try run(
            ["publish", "deployments/aws/chroma.cf.json", "s3://b-1/cf/", "--dry-run", "-q"],
            environment: ["HOME": scratch.path, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(publish.stdout == "" && publish.stderr == "", "\(publish.stdout)\(publish.stderr)")

        let shown = try PseudoTerminal.run(["set", "chroma_version", "2.0.0", "-q"], in: root)
        #expect(shown.status == 0 && shown.screen == "", "\(shown.screen)")
    }

    @Test func quietStillPrintsTheErrorAndKeepsTheExitStatus() throws {
        let arguments = ["set", "chroma_version", "1.2.3", "--from", "9.9.9"]
        let loud = try run(arguments)
        let quiet = try run(arguments + ["-q"])
        #expect(loud.status == 3)
        #expect(quiet.status == loud.status)
        #expect(quiet.stderr.contains("error:"), "\(quiet.stderr)")
        #expect(quiet.stderr == loud.stderr)

        let edit = try run(["edit", "deployments/aws/chroma.cf.json", "Parameters.NoSuchParameter.Default", "1.2.3", "--quiet"])
        #expect(edit.status == 1)
        #expect(edit.stderr.contains("error:"), "\(edit.stderr)")

        let publish = try run(
            ["publish", "deployments/aws/chroma.cf.json", "s3://b-1/cf/", "--release-version", "9.9.9", "--dry-run", "-q"],
            environment: ["HOME": scratch.path, "AWS_REGION": "us-east-1"])
        #expect(publish.status == 3, "\(publish.stderr)")
        #expect(publish.stdout == "")
        #expect(publish.stderr.contains("error:"), "\(publish.stderr)")

        let shown = try PseudoTerminal.run(arguments + ["-q"], in: root)
        #expect(shown.status == 3)
        #expect(shown.screen.contains("error:"), "\(shown.screen)")
    }

    @Test(arguments: [
        ["set", "chroma_version", "1.2.3", "-q", "--json"], ["set", "chroma_version", "1.2.3", "--quiet", "--diff"],
        ["bump", "chroma_version", "patch", "-q", "--json"], ["edit", "deployments/aws/chroma.cf.json", "Parameters.ChromaVersion.Default", "1.2.3", "-q", "--diff"],
        ["publish", "deployments/aws/chroma.cf.json", "s3://b-1/cf/", "-q", "--json"],
        ["set", "chroma_version", "1.2.3", "--color", "sometimes"],
    ])
    func quietWithOutputAskedForOrAnUnknownColourIsAUsageError(_ arguments: [String]) throws {
        let before = try scratch.snapshot()
        let result = try run(arguments)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(try scratch.snapshot() == before)
    }
}
