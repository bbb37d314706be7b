import Foundation
import TestSupport
import Testing

/// Runs the built `tplpatch` executable, as a user or a script would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        // The test bundle is built into the same folder as the executable.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("tplpatch")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Corpora.packageRoot.appendingPathComponent(".build/debug/tplpatch")
    }

    static func run(_ arguments: [String], in directory: String? = nil) throws -> Result {
        try run(arguments, in: directory, environment: [:])
    }

    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String], timeout: TimeInterval = 120
    ) throws -> Result {
        let result = try Subprocess.run(executable, arguments, in: directory, environment: environment, timeout: timeout)
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    /// Runs tplpatch in a git sandbox's work tree with the sandbox's environment.
    static func run(in sandbox: GitSandbox, _ arguments: [String]) throws -> Result {
        try run(arguments, in: sandbox.root, environment: sandbox.environment)
    }
}

let sampleTemplate = """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "ChromaVersion": {"Type": "String", "Default": "0.5.20"},
        "Other": {"Type": "String", "Default": "0.5.20"}
      },
      "Resources": {}
    }

    """

@Suite struct CLITests {
    @Test func theExecutableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.executable.path), "\(CLI.executable.path)")
    }

    @Test func parsePrintGivesBackEveryFixtureByteForByte() throws {
        let files = Corpora.files(under: Fixtures.root) { $0.hasSuffix(".json") }
        #expect(files.count >= 20)
        for file in files {
            let result = try CLI.run(["parse", "--print", file.path])
            #expect(result.status == 0, "\(file.path): \(result.stderr)")
            #expect(Array(result.stdout.utf8) == (try Corpora.bytes(file)), "\(file.path)")
        }
    }

    @Test func setEditsTheSampleAndReportsEachChange() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            \(root)/chromadb/__init__.py:12:15  __version__  0.5.20 -> 1.2.3
            \(root)/deployments/aws/chroma.cf.json:18:18  Parameters.ChromaVersion.Default  0.5.20 -> 1.2.3
            \(root)/deployments/azure/chroma.tfvars.tf:5:35  chroma_version  0.5.20 -> 1.2.3
            \(root)/deployments/azure/main.tf:18:17  variable.chroma_version.default  0.5.20 -> 1.2.3
            \(root)/deployments/gcp/chroma.tfvars:3:18  chroma_version  0.5.20 -> 1.2.3
            \(root)/deployments/gcp/main.tf:12:17  variable.chroma_version.default  0.5.20 -> 1.2.3

            """)
        #expect(result.stderr.contains("6 of 6 target(s) changed in 6 file(s)"))
        let again = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(again.status == 0)
        #expect(again.stdout.contains("deployments/aws/chroma.cf.json:18:18  Parameters.ChromaVersion.Default  1.2.3 (unchanged)\n"))
        #expect(again.stdout.split(separator: "\n").count == 6)
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("1.2.3 (unchanged)") })
    }

    @Test func dryRunPrintsADiffAndWritesNothing() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--dry-run"], in: root)
        #expect(result.status == 0)
        #expect(result.stdout.contains("--- a/deployments/aws/chroma.cf.json\n+++ b/deployments/aws/chroma.cf.json\n@@ -15,7 +15,7 @@"))
        #expect(result.stdout.contains("-      \"Default\": \"0.5.20\"\n+      \"Default\": \"1.2.3\"\n"))
        #expect(result.stderr.contains("nothing written"))
        #expect(try scratch.snapshot() == before)
    }

    @Test func setJSONIsOneDocument() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--json", "--root", scratch.path])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "chroma_version")
        #expect(object["written"] as? [String] == ["\(scratch.path)/t.json"])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.count == 1)
        #expect(targets.first?["old"] as? String == "0.5.20")
        #expect(targets.first?["line"] as? Int == 4)
    }

    @Test func getListsTargetsAndExitsThreeOnDrift() throws {
        let scratch = try Scratch()
        try scratch.write("a/t.json", sampleTemplate)
        let agreed = try CLI.run(["get", "chroma_version"], in: scratch.path)
        #expect(agreed.status == 0)
        #expect(agreed.stdout.hasPrefix("a/t.json:4:52  Parameters.ChromaVersion.Default  0.5.20"))
        try scratch.write("b/t.json", sampleTemplate.replacingOccurrences(of: "\"Default\": \"0.5.20\"}", with: "\"Default\": \"0.6.0\"}"))
        let drift = try CLI.run(["get", "chroma_version", "--json"], in: scratch.path)
        #expect(drift.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(drift.stdout.utf8)) as? [String: Any])
        #expect(object["agree"] as? Bool == false)
        #expect(drift.stderr.contains("disagree"))
    }

    @Test func fromMismatchExitsThreeAndWritesNothing() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "1.2.3", "--from", "0.4.0"], in: scratch.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("t.json:4:52: error: 'Parameters.ChromaVersion.Default' holds '0.5.20', not '0.4.0'"))
        #expect(try scratch.snapshot() == before)
    }

    @Test func queryAndEdit() throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.json", sampleTemplate)
        let all = try CLI.run(["query", file, "Parameters.*.Default"])
        #expect(all.stdout == "0.5.20\n0.5.20\n")
        let pointer = try CLI.run(["query", file, "/Parameters/ChromaVersion/Type"])
        #expect(pointer.stdout == "String\n")
        let edit = try CLI.run(["edit", file, "Parameters.Other.Default", "9.9.9", "--diff"])
        #expect(edit.status == 0)
        #expect(edit.stdout.contains("t.json:5:44  Parameters.Other.Default  0.5.20 -> 9.9.9"))
        #expect(edit.stdout.contains("+    \"Other\": {\"Type\": \"String\", \"Default\": \"9.9.9\"}"))
        #expect(try CLI.run(["query", file, "Parameters.Other.Default"]).stdout == "9.9.9\n")
        #expect(try CLI.run(["query", file, "Parameters.ChromaVersion.Default"]).stdout == "0.5.20\n")
    }

    @Test func badJSONIsAPositionedOneScreenErrorAndNothingChanges() throws {
        let scratch = try Scratch()
        let file = try scratch.write("bad.json", "{\n  \"a\": [1, 2,],\n  \"b\": \"1.0\"\n}\n")
        let before = try scratch.snapshot()
        let result = try CLI.run(["edit", file, "b", "2.0"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(file):2:14: error: trailing comma"))
        #expect(result.stderr.contains(" 2 |   \"a\": [1, 2,],\n   |              ^"))
        #expect(result.stderr.split(separator: "\n").count <= 24)
        #expect(result.stdout.isEmpty)
        #expect(try scratch.snapshot() == before)
    }

    @Test func selectorProblems() throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.json", sampleTemplate)
        let none = try CLI.run(["edit", file, "Parameters.ChromaVersion.Defualt", "1"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("t.json:4:22: error: selector 'Parameters.ChromaVersion.Defualt' matches nothing"))
        #expect(none.stderr.contains("Type, Default"))
        let container = try CLI.run(["edit", file, "Parameters.ChromaVersion", "1"])
        #expect(container.status == 1)
        #expect(container.stderr.contains("t.json:4:22: error: 'Parameters.ChromaVersion' is an object, not a single value"))
        let typed = try CLI.run(["edit", file, "Parameters", "1"])
        #expect(typed.status == 1)
        let malformed = try CLI.run(["query", file, "Parameters..x"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("empty key between dots at column 12"))
    }

    @Test func fileProblems() throws {
        let scratch = try Scratch()
        let directory = try CLI.run(["edit", scratch.path, "a", "1", "--format", "json"])
        #expect(directory.status == 1)
        #expect(directory.stderr.contains("is a directory"))
        let missing = try CLI.run(["query", scratch.path + "/nope.json", "a"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.json: error: cannot read the file: No such file or directory"))
        let unknown = try CLI.run(["query", scratch.path + "/x.ini", "a"])
        #expect(unknown.status == 1)
        let noRoot = try CLI.run(["set", "x", "1", "--root", scratch.path + "/nope"])
        #expect(noRoot.status == 1)
        let noTarget = try CLI.run(["set", "chroma_version", "1", "--root", scratch.path])
        #expect(noTarget.status == 1)
        #expect(noTarget.stderr.contains("no target for 'chroma_version'"))
    }

    @Test(arguments: [["set"], ["frobnicate"], ["query", "a.json"], ["parse", "--format", "ini", "a"], ["set", "a", "b", "--bogus"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test(arguments: ["set", "bump", "get", "parse", "query", "edit"])
    func everyCommandHasHelpWithAnExample(_ command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example") || result.stdout.contains("tplpatch parse --print"))
    }
}

@Suite struct JSONErrorShapeTests {
    @Test func everyErrorKeyIsPresentEvenWhenNull() throws {
        let scratch = try Scratch()
        let result = try CLI.run(["set", "chroma_version", "1", "--json", "--root", scratch.path])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let error = try #require((object["errors"] as? [[String: Any]])?.first)
        #expect(Set(error.keys) == ["severity", "file", "line", "column", "message", "rendered"])
        #expect(error["file"] is NSNull)
    }
}

@Suite struct PublishRegionTests {
    @Test func aBadRegionFromTheEnvironmentIsBadInputNotUsage() throws {
        let template = Fixtures.root.appendingPathComponent("chroma/deployments/aws/chroma.cf.json").path
        let fromEnvironment = try CLI.run(["publish", template, "s3://b-1/x/", "--dry-run"], environment: ["AWS_REGION": "US_EAST"])
        #expect(fromEnvironment.status == 1, "\(fromEnvironment.stderr)")
        let fromOption = try CLI.run(["publish", template, "s3://b-1/x/", "--dry-run", "--region", "US_EAST"])
        #expect(fromOption.status == 2)
    }
}
