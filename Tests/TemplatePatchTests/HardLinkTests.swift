import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a write does to a target with other hard links.
@Suite struct HardLinkTests {
    @Test func aFileWithAnotherHardLinkIsRefusedAndNothingChanges() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a.tfvars", "chroma_version = \"1.2.3\"\n")
        let second = try scratch.write("b.tfvars", "chroma_version = \"1.2.3\"\n")
        let outside = try Scratch()
        #expect(link(file, outside.path + "/elsewhere.tfvars") == 0)
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.4")
        #expect { try plan.apply() } throws: { error in
            guard let error = error as? PatchError, let first = error.diagnostics.first else { return false }
            return error.exitCode == 1 && first.file == file && first.message.hasPrefix("this file has 2 hard links")
                && first.message.contains("--break-hard-links")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "chroma_version = \"1.2.3\"\n")
        #expect(try String(contentsOfFile: second, encoding: .utf8) == "chroma_version = \"1.2.3\"\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["a.tfvars", "b.tfvars"])
    }

    @Test func breakingTheLinksWritesThisNameOnly() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a.json", "1")
        let other = scratch.path + "/other-link.json"
        #expect(link(file, other) == 0)
        try FileIO.replaceAll([FileIO.Replacement(path: file, expected: Array("1".utf8), bytes: Array("2".utf8))], breakingHardLinks: true)
        #expect(try Corpora.bytes(URL(fileURLWithPath: file)) == Array("2".utf8))
        #expect(try Corpora.bytes(URL(fileURLWithPath: other)) == Array("1".utf8))
    }

    @Test func aDeadRunsBackupLinkIsNotAnotherName() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a.json", "1")
        // A backup link as a run killed before its journal leaves it: pid
        // 2^31-2 is not a live process.
        let backup = scratch.path + "/.a.json.tplpatch-2147483646-0.old"
        #expect(link(file, backup) == 0)
        try FileIO.replaceAll([FileIO.Replacement(path: file, expected: Array("1".utf8), bytes: Array("2".utf8))])
        #expect(try Corpora.bytes(URL(fileURLWithPath: file)) == Array("2".utf8))
        #expect(!FileManager.default.fileExists(atPath: backup), "the stale link is removed after the write")
    }
}
