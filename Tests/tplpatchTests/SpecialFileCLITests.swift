import Foundation
import TestSupport
import Testing

/// FIFOs and devices are refused, never read: reading a FIFO with no writer
/// blocks forever, and `/dev/zero` or `/dev/urandom` never end. Each command
/// must end by itself with an error; the timeout only stops a hang (the
/// refusal takes milliseconds).
@Suite struct SpecialFileCLITests {
    static let hangGuard: TimeInterval = 60

    func run(_ arguments: [String], in directory: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments, in: directory, environment: [:], timeout: Self.hangGuard)
    }

    /// A FIFO in the scratch folder, which nobody ever opens for writing.
    @discardableResult
    func fifo(_ scratch: Scratch, _ relative: String) throws -> String {
        let path = scratch.path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard mkfifo(path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    @Test(arguments: [
        ["parse"], ["parse", "--print"], ["query", "@", "Parameters.ChromaVersion.Default"],
        ["edit", "@", "Parameters.ChromaVersion.Default", "1.2.3"],
        ["publish", "@", "s3://bucket/x/", "--dry-run"],
        ["publish", "@", "s3://bucket/x/", "--dry-run", "--release-version", "1.2.3"],
    ])
    func aFIFOOnTheCommandLineIsRefused(_ command: [String]) throws {
        let scratch = try Scratch()
        let path = try fifo(scratch, "t.json")
        var arguments = command.map { $0 == "@" ? path : $0 }
        if command == ["parse"] || command == ["parse", "--print"] { arguments.append(path) }
        let result = try run(arguments)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("\(path): error: is a FIFO, not a regular file"), "\(result.stderr)")
    }

    @Test func aFIFONamedAsTheConfigIsRefused() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try FileManager.default.removeItem(atPath: root + "/.tplpatch.yml")
        try fifo(scratch, "chroma/.tplpatch.yml")
        for command in [["set", "chroma_version", "1.2.3"], ["get", "chroma_version"], ["init", "chroma_version", "--dry-run"]] {
            let result = try run(command, in: root)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(".tplpatch.yml: error: is a FIFO, not a regular file"), "\(command): \(result.stderr)")
        }
    }

    @Test func aFIFONamedByAConfigTargetIsAPositionedError() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try FileManager.default.removeItem(atPath: root + "/chromadb/__init__.py")
        try fifo(scratch, "chroma/chromadb/__init__.py")
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let result = try run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains(".tplpatch.yml:6:15: error: 'chromadb/__init__.py' is a FIFO, not a regular file"), "\(result.stderr)")
        #expect(try Scratch.snapshot(of: URL(fileURLWithPath: root)) == before)
    }

    @Test func aFIFOMatchedByAGlobOrNamedLikeATemplateIsSkippedWithAWarning() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try Data("""
            variables:
              chroma_version:
                targets:
                  - file: "chromadb/*.py"
                    at: __version__

            """.utf8).write(to: URL(fileURLWithPath: root + "/.tplpatch.yml"))
        try fifo(scratch, "chroma/chromadb/pipe.py")
        try fifo(scratch, "chroma/deployments/aws/pipe.cf.json")
        let result = try run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(
            ".tplpatch.yml:4:15: warning: 'chromadb/*.py' matches chromadb/pipe.py, which is a FIFO, not a regular file; skipped"),
            "\(result.stderr)")
        #expect(result.stderr.contains("deployments/aws/pipe.cf.json: warning: skipped: is a FIFO, not a regular file"), "\(result.stderr)")
        #expect(result.stdout.contains("chromadb/__init__.py:12:15  __version__  0.5.20 -> 1.2.3"))
    }

    @Test(arguments: ["/dev/zero", "/dev/urandom", "/dev/null"])
    func aCharacterDeviceIsRefused(_ device: String) throws {
        for command in [["parse", "--format", "json", device], ["query", device, "a", "--format", "json"], ["parse", "--print", "--format", "yaml", device]] {
            let result = try run(command)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(device): error: is a character device, not a regular file"), "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func aSymbolicLinkToADeviceIsRefusedToo() throws {
        let scratch = try Scratch()
        let link = scratch.path + "/zero.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let result = try run(["parse", link])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(link): error: is a character device, not a regular file"), "\(result.stderr)")
        // Discovery does not follow links at all.
        try scratch.write("t.json", sampleTemplate)
        let set = try run(["get", "chroma_version"], in: scratch.path)
        #expect(set.status == 0, "\(set.stderr)")
    }
}
