import Foundation
import TestSupport
import Testing

@Suite struct ConfigCLITests {
    @Test func initProposesWritesAndRefusesToOverwrite() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try FileManager.default.removeItem(atPath: root + "/.tplpatch.yml")
        let dry = try CLI.run(["init", "chroma_version", "--dry-run"], in: root)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("      - file: chromadb/__init__.py   # Python __version__\n        at: __version__\n"))
        #expect(dry.stderr.contains("chromadb/__init__.py:12:15  __version__  0.5.20"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.tplpatch.yml"))
        let wrote = try CLI.run(["init", "chroma_version"], in: root)
        #expect(wrote.status == 0)
        #expect(wrote.stdout == "wrote .tplpatch.yml with 1 target(s) for chroma_version\n")
        let again = try CLI.run(["init", "chroma_version"], in: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists; pass --force"))
        let get = try CLI.run(["get", "chroma_version"], in: root)
        #expect(get.status == 0)
        #expect(get.stdout.contains("chromadb/__init__.py:12:15  __version__  0.5.20  (config: .tplpatch.yml:7)"))
    }

    /// `init --force` onto a config with another hard link is refused, as
    /// `set` refuses such a target, and the message's `--break-hard-links`
    /// exists on `init` too: the config's name gets the new file and the
    /// other name keeps the old text.
    @Test func initForceOntoAHardLinkedConfigIsRefusedUnlessLinksMayBeBroken() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let config = root + "/.tplpatch.yml"
        // A config without the chroma_version target, so init has one to add.
        try Data("variables:\n  js_version:\n    targets:\n      - file: clients/new-js/packages/chromadb/package.json\n        at: version\n".utf8)
            .write(to: URL(fileURLWithPath: config))
        let other = scratch.path + "/config-link.yml"
        try FileManager.default.linkItem(atPath: config, toPath: other)
        let before = try Corpora.text(URL(fileURLWithPath: config))
        let refused = try CLI.run(["init", "chroma_version", "--force"], in: root)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("--break-hard-links"), "\(refused.stderr)")
        #expect(try Corpora.text(URL(fileURLWithPath: config)) == before)

        let broken = try CLI.run(["init", "chroma_version", "--force", "--break-hard-links"], in: root)
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(broken.stdout == "wrote .tplpatch.yml with 1 target(s) for chroma_version\n")
        #expect(try Corpora.text(URL(fileURLWithPath: other)) == before)
        #expect(try Corpora.text(URL(fileURLWithPath: config)) != before)
    }

    @Test func theWholeReleaseInTwoCommands() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let chroma = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(chroma.status == 0)
        #expect(chroma.stdout.split(separator: "\n").count == 6)
        let js = try CLI.run(["set", "js_version", "3.0.0"], in: root)
        #expect(js.status == 0)
        #expect(js.stdout == "clients/new-js/packages/chromadb/package.json:3:14  version  2.4.6 -> 3.0.0\n")
    }

    @Test func aBrokenTargetFileStopsTheReleaseWithAPosition() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let module = root + "/chromadb/__init__.py"
        try Data("\"\"\"Docstring never closed\n__version__ = \"0.5.20\"\n".utf8).write(to: URL(fileURLWithPath: module))
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("chromadb/__init__.py:1:1: error:"), "\(result.stderr)")
        #expect(try Scratch.snapshot(of: URL(fileURLWithPath: root)) == before)
    }

    @Test func aBrokenConfigStopsEverything() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try Data("variables:\n  chroma_version:\n    targets:\n      - file: chromadb/__init__.py\n        at: [\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/.tplpatch.yml"))
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix(".tplpatch.yml:6:1: error:"), "\(result.stderr)")
        #expect(try Scratch.snapshot(of: URL(fileURLWithPath: root)) == before)
    }
}
