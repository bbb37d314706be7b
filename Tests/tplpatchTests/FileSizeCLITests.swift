import Foundation
import TestSupport
import Testing

/// The limit on the size of a file tplpatch reads: `--max-file-size`,
/// `TPLPATCH_MAX_FILE_SIZE`, and the 64 MiB default.
@Suite struct FileSizeCLITests {
    /// Writes a CloudFormation-like JSON template of exactly `size` bytes:
    /// the ChromaVersion parameter, then a resource padded with strings.
    static func writeTemplate(_ path: String, size: Int, stringLength: Int = 96) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let head = """
            {"AWSTemplateFormatVersion": "2010-09-09",
             "Parameters": {"ChromaVersion": {"Type": "String", "Default": "0.5.20"}},
             "Resources": {"Pad": {"Type": "AWS::CloudFormation::WaitConditionHandle", "Metadata": [

            """
        try handle.write(contentsOf: Data(head.utf8))
        let item = "\"" + String(repeating: "a", count: stringLength) + "\",\n"
        let block = Data(String(repeating: item, count: max(1, 1_000_000 / item.utf8.count)).utf8)
        let tail = Data("\"end\"]}}}\n".utf8)
        var written = head.utf8.count
        while written + block.count + tail.count + 4 <= size {
            try handle.write(contentsOf: block)
            written += block.count
        }
        // One last string makes the size exact: its quotes, comma and newline are the 4.
        let last = "\"" + String(repeating: "a", count: size - written - tail.count - 4) + "\",\n"
        try handle.write(contentsOf: Data(last.utf8))
        try handle.write(contentsOf: tail)
    }

    @Test func aFileOverTheLimitNamesItsSizeAndTheLimit() throws {
        let scratch = try Scratch()
        let file = try scratch.write("t.json", sampleTemplate + String(repeating: " ", count: 4096))
        let result = try CLI.run(["parse", file, "--max-file-size", "4K"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            \(file): error: is 4.1 KiB (4300 bytes), larger than the 4 KiB limit on the size of a file tplpatch reads; raise it with --max-file-size or TPLPATCH_MAX_FILE_SIZE

            """)
        let raised = try CLI.run(["parse", file, "--max-file-size", "4300"])
        #expect(raised.status == 0, "\(raised.stderr)")
        let fromEnvironment = try CLI.run(["query", file, "Parameters.ChromaVersion.Default"], environment: ["TPLPATCH_MAX_FILE_SIZE": "1K"])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.stderr.contains("larger than the 1 KiB limit"))
        let optionWins = try CLI.run(
            ["query", file, "Parameters.ChromaVersion.Default", "--max-file-size", "1M"], environment: ["TPLPATCH_MAX_FILE_SIZE": "1K"])
        #expect(optionWins.status == 0)
        #expect(optionWins.stdout == "0.5.20\n")
    }

    static let readingCommands: [[String]] = [
        ["set", "chroma_version", "1.2.3"], ["get", "chroma_version"], ["parse", "t.json"], ["query", "t.json", "a"],
        ["edit", "t.json", "a", "1"], ["init", "chroma_version", "--dry-run"], ["publish", "t.json", "s3://bucket-1/x/", "--dry-run"],
    ]

    @Test(arguments: readingCommands)
    func everyReadingCommandTakesTheOptionAndABadSizeIsAUsageError(_ command: [String]) throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        for bad in ["abc", "0", "-5", "1.5G", "10X", "99999999999T"] {
            let result = try CLI.run(command + ["--max-file-size=\(bad)"], in: scratch.path)
            #expect(result.status == 2, "\(command) \(bad): \(result.stderr)")
            #expect(result.stderr.contains("--max-file-size '\(bad)' is not a size"), "\(result.stderr)")
        }
        let environment = try CLI.run(command, in: scratch.path, environment: ["TPLPATCH_MAX_FILE_SIZE": "lots"])
        #expect(environment.status == 2)
        #expect(environment.stderr.contains("TPLPATCH_MAX_FILE_SIZE='lots' is not a size"), "\(environment.stderr)")
        let tooSmall = try CLI.run(command + ["--max-file-size", "16"], in: scratch.path)
        #expect(tooSmall.status == 1, "\(command): \(tooSmall.stderr)")
        #expect(tooSmall.stderr.contains("larger than the 16 bytes limit"), "\(command): \(tooSmall.stderr)")
        let help = try CLI.run([command[0], "--help"])
        #expect(help.stdout.contains("--max-file-size <size>"))
    }

    /// The tester's 300 MB template: refused from its size by the default
    /// limit, named with its size, before anything is read.
    @Test func a300MBTemplateIsRefusedByTheDefaultLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/deployments/aws/huge.cf.json"
        try FileManager.default.createDirectory(atPath: scratch.path + "/deployments/aws", withIntermediateDirectories: true)
        try Self.writeTemplate(file, size: 300_000_000)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int == 300_000_000)
        let parse = try CLI.run(["parse", file])
        #expect(parse.status == 1)
        #expect(parse.stderr == """
            \(file): error: is 286.1 MiB (300000000 bytes), larger than the 64 MiB limit on the size of a file tplpatch reads; \
            raise it with --max-file-size or TPLPATCH_MAX_FILE_SIZE

            """)
        let set = try CLI.run(["set", "chroma_version", "1.2.3"], in: scratch.path)
        #expect(set.status == 1)
        #expect(set.stderr.contains("deployments/aws/huge.cf.json: error: is 286.1 MiB"), "\(set.stderr)")
        #expect(
            set.stderr.contains(
                "(this file mentions chroma_version, so it may hold a target; exclude it with --exclude 'deployments/aws/**' or `exclude: [\"deployments/aws/**\"]` in .tplpatch.yml)"
            ), "\(set.stderr)")
    }

    /// Under a 6 GB address-space limit (`ulimit -v 6000000`), `set` on a
    /// file just under a raised limit (80 MiB) ends with success or an
    /// error, never a signal. Long strings keep the debug build's parse
    /// short; the timeout only stops a hang.
    @Test func setUnderAnAddressSpaceLimitEndsWithoutASignal() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/deployments/aws", withIntermediateDirectories: true)
        let file = scratch.path + "/deployments/aws/big.cf.json"
        try Self.writeTemplate(file, size: (80 << 20) - 1024, stringLength: 65_536)
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "ulimit -v 6000000; exec \"$0\" \"$@\"", CLI.executable.path, "set", "chroma_version", "1.2.3", "--max-file-size", "80M"],
            in: scratch.path, timeout: 1800)
        #expect(result.status == 0 || result.status == 1, "status \(result.status): \(result.stderrText)")
        if result.status == 0 {
            #expect(result.stdoutText == "deployments/aws/big.cf.json:2:64  Parameters.ChromaVersion.Default  0.5.20 -> 1.2.3\n")
        } else {
            #expect(result.stderrText.contains("error:"))
        }
    }
}
