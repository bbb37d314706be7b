import Foundation
import TestSupport
import Testing

/// The command line refuses what is almost always a mistake, as a usage
/// error, rather than doing something surprising with exit 0.
@Suite struct SafeDefaultsCLITests {
    let template = #"{"AWSTemplateFormatVersion": "2010-09-09", "Parameters": {"ChromaVersion": {"Default": "1.0.0"}}}"#

    @Test(arguments: [
        ["edit", "-hello.cf.json", "Parameters.ChromaVersion.Default", "2.0.0"],
        ["parse", "-x.json"],
        ["query", "-h.json", "Parameters"],
        ["parse", "--print", "-x.json"],
        ["set", "chroma_version", "-1.0"],
        ["set", "chroma_version", "2.0.0", "--from", "-rc"],
        ["parse", "--x.json"],
    ])
    func aWordStartingWithOneDashIsAUsageErrorNeverHelp(_ arguments: [String]) throws {
        let scratch = try Scratch()
        for name in ["-hello.cf.json", "-x.json", "-h.json"] { try scratch.write(name, template) }
        let before = try scratch.snapshot()
        let result = try CLI.run(arguments, in: scratch.path)
        #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
        #expect(result.stdout == "", "no help on standard output")
        #expect(!result.stderr.contains("USAGE:"), "\(result.stderr)")
        let word = arguments.first { ($0.hasPrefix("-") && !$0.hasPrefix("--")) || $0.hasSuffix(".json") } ?? ""
        #expect(result.stderr.contains("'\(word)' is not an option"), "\(result.stderr)")
        #expect(result.stderr.contains("after '--'"))
        #expect(result.stderr.contains("./\(word)"))
        #expect(result.stderr.contains("tplpatch \(arguments[0]) [OPTIONS] -- ARGUMENTS..."))
        #expect(try scratch.snapshot() == before)
    }

    @Test func afterADoubleDashOrAsDotSlashAFileNameMayStartWithADash() throws {
        let scratch = try Scratch()
        try scratch.write("-x.json", template)
        try scratch.write("-hello.cf.json", template)
        let parsed = try CLI.run(["parse", "--", "-x.json"], in: scratch.path)
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stdout.hasPrefix("-x.json: ok (json"))
        let printed = try CLI.run(["parse", "--print", "--", "-x.json"], in: scratch.path)
        #expect(printed.stdout == template)
        let queried = try CLI.run(["query", "--", "-x.json", "Parameters.ChromaVersion.Default"], in: scratch.path)
        #expect(queried.stdout == "1.0.0\n", "\(queried.stderr)")
        let edited = try CLI.run(["edit", "--", "-hello.cf.json", "Parameters.ChromaVersion.Default", "2.0.0"], in: scratch.path)
        #expect(edited.status == 0, "\(edited.stderr)")
        let dotted = try CLI.run(["edit", "./-hello.cf.json", "Parameters.ChromaVersion.Default", "3.0.0"], in: scratch.path)
        #expect(dotted.status == 0, "\(dotted.stderr)")
        #expect(try String(contentsOfFile: scratch.path + "/-hello.cf.json", encoding: .utf8).contains(#""Default": "3.0.0""#))
        // An option's value that starts with a dash is written --option=value.
        let from = try CLI.run(["set", "chroma_version", "4.0.0", "--root", scratch.path, "--from=-rc"])
        #expect(from.status == 3, "\(from.stderr)")
    }

    @Test func helpStillWorks() throws {
        for arguments in [["-h"], ["--help"], ["edit", "-h"], ["set", "--help"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE:"), "\(arguments)")
        }
        #expect(try CLI.run(["set", "--help"]).stdout.contains("--allow-empty"))
        #expect(try CLI.run(["set", "--help"]).stdout.contains("--wait-timeout"))
    }

    @Test(arguments: ["", " ", "\t"])
    func anEmptyValueIsRefusedUnlessAllowed(_ value: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write("gcp/chroma.tfvars", VersionTree.text("1.0.0"))
        let before = try scratch.snapshot()
        for arguments in [
            ["set", "chroma_version", value, "--root", scratch.path],
            ["edit", file, "chroma_version", value],
            ["set", "chroma_version", value, "--root", scratch.path, "--dry-run"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout == "")
            #expect(result.stderr.contains(value.isEmpty ? "the new value is empty" : "the new value is only whitespace"), "\(result.stderr)")
            #expect(result.stderr.contains("--allow-empty"))
        }
        #expect(try scratch.snapshot() == before)
        let allowed = try CLI.run(["set", "chroma_version", value, "--root", scratch.path, "--allow-empty"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("1.0.0 -> \(value)\n"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("chroma_version = \""))
        let edited = try CLI.run(["edit", file, "chroma_version", value, "--allow-empty"])
        #expect(edited.status == 0, "\(edited.stderr)")
    }

    @Test func badWaitTimeoutsAreUsageErrors() throws {
        let scratch = try Scratch()
        for bad in ["0", "nan", "--wait-timeout=-1"] {
            let arguments = bad.hasPrefix("--") ? [bad] : ["--wait-timeout", bad]
            let result = try CLI.run(["set", "chroma_version", "1.0.0", "--root", scratch.path] + arguments)
            #expect(result.status == 2, "\(bad): \(result.stderr)")
        }
    }
}
