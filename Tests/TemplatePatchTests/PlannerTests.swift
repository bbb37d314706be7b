import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

let cfnTemplate = """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {"ChromaVersion": {"Type": "String", "Default": "0.5.20"}},
      "Resources": {}
    }

    """

@Suite struct PlannerTests {
    @Test func spellings() {
        let s = NameSpellings("chroma_version")
        #expect(s.pascal == "ChromaVersion")
        #expect(s.screamingSnake == "CHROMA_VERSION")
        #expect(s.camel == "chromaVersion")
        #expect(NameSpellings("ChromaVersion").snake == "chroma_version")
        #expect(NameSpellings("chroma-version").pascal == "ChromaVersion")
        #expect(NameSpellings("CHROMA_VERSION").pascal == "ChromaVersion")
        #expect(NameSpellings("chromaVersion2").words == ["chroma", "version2"])
    }

    @Test func findsCloudFormationParametersOnly() throws {
        let scratch = try Scratch()
        try scratch.write("aws/a.cf.json", cfnTemplate)
        // Not a CloudFormation template: same shape, no marker keys.
        try scratch.write("other/settings.json", #"{"Parameters": {"ChromaVersion": {"Default": "0.5.20"}}}"#)
        // Skipped folders.
        try scratch.write("node_modules/x/t.json", cfnTemplate)
        try scratch.write(".git/t.json", cfnTemplate)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map(\.path) == [scratch.path + "/aws/a.cf.json"])
        #expect(plan.entries.first?.origin == .convention("CloudFormation parameter"))
        #expect(plan.entries.first?.location.description == "3:65")
    }

    @Test func noTargetSaysWhereItLookedAndWhatItTried() throws {
        let scratch = try Scratch()
        try scratch.write("a.json", "{}")
        #expect { try Planner(root: scratch.path).locate("chroma_version") } throws: { error in
            let text = (error as? PatchError)?.description ?? ""
            return text.contains("no target for 'chroma_version'") && text.contains("looked in 1 candidate file")
                && text.contains("Parameters.ChromaVersion.Default")
        }
    }

    @Test func fromMismatchIsExitThreeAndNothingChanges() throws {
        let scratch = try Scratch()
        try scratch.write("a.json", cfnTemplate)
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3", from: "0.4.0") } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3", from: "0.5.20")
        #expect(plan.changedFiles.count == 1)
    }

    @Test func anInvalidFileMentioningTheNameStopsEverything() throws {
        let scratch = try Scratch()
        try scratch.write("good.json", cfnTemplate)
        try scratch.write("bad.json", "{\"Parameters\": {\"ChromaVersion\": {\"Default\": \"1\",}}}")
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            let text = (error as? PatchError)?.description ?? ""
            return text.contains("bad.json:1:50: error: trailing comma") && text.contains("may hold a target")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func anInvalidUnrelatedFileIsAWarning() throws {
        let scratch = try Scratch()
        try scratch.write("good.json", cfnTemplate)
        try scratch.write("notes.json", "{ unrelated: true }")
        try scratch.write("tsconfig.json", "{ // comments are fine here\n}")
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3")
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.description.contains("notes.json:1:3: warning: skipped, not valid JSON") == true)
    }

    @Test func oneUnwritableTargetMeansNoFileIsWritten() throws {
        let scratch = try Scratch()
        try scratch.write("a.json", cfnTemplate)
        // A number parameter default cannot take "1.2.3" without changing type.
        try scratch.write("b.json", #"{"Resources": {}, "Parameters": {"ChromaVersion": {"Default": 5}}}"#)
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            (error as? PatchError)?.description.contains("b.json:1:63: error") == true
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func aContainerWhereAValueWasExpectedIsAnError() throws {
        let scratch = try Scratch()
        try scratch.write("a.json", #"{"Resources": {}, "Parameters": {"ChromaVersion": {"Default": {"x": 1}}}}"#)
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            (error as? PatchError)?.description.contains("is an object, not a single value") == true
        }
    }

    @Test func editErrors() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a.json", cfnTemplate)
        #expect { try Planner.plan(edit: file, at: Selector(parsing: "Parameters.Nope"), to: "1") } throws: { error in
            let text = (error as? PatchError)?.description ?? ""
            return text.contains("a.json:3:17: error: selector 'Parameters.Nope' matches nothing") && text.contains("ChromaVersion")
        }
        #expect { try Planner.plan(edit: scratch.path, at: Selector(parsing: "a"), to: "1", format: .json) } throws: { error in
            (error as? PatchError)?.description.contains("is a directory") == true
        }
        #expect { try Planner.plan(edit: scratch.path + "/missing.json", at: Selector(parsing: "a"), to: "1") } throws: { error in
            (error as? PatchError)?.description.contains("No such file or directory") == true
        }
        #expect { try Planner.plan(edit: scratch.path + "/x.txt", at: Selector(parsing: "a"), to: "1") } throws: { error in
            (error as? PatchError)?.description.contains("cannot tell the file's format") == true
        }
    }
}

@Suite struct FileIOTests {
    @Test func replacementKeepsModeAndSymlinks() throws {
        let scratch = try Scratch()
        let real = try scratch.write("real.json", "{}")
        chmod(real, 0o640)
        let link = scratch.path + "/link.json"
        symlink(real, link)
        try FileIO.replaceAll([FileIO.Replacement(path: link, expected: Array("{}".utf8), bytes: Array("[]".utf8))])
        #expect(try Corpora.bytes(URL(fileURLWithPath: real)) == Array("[]".utf8))
        var info = stat()
        lstat(link, &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        stat(real, &info)
        #expect(info.st_mode & 0o777 == 0o640)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["link.json", "real.json"])
    }

    @Test func aFileChangedSinceItWasReadStopsEveryWrite() throws {
        let scratch = try Scratch()
        let a = try scratch.write("a.json", "1")
        let b = try scratch.write("b.json", "2")
        #expect(throws: FileIO.Failure.self) {
            try FileIO.replaceAll([
                FileIO.Replacement(path: a, expected: Array("1".utf8), bytes: Array("10".utf8)),
                FileIO.Replacement(path: b, expected: Array("stale".utf8), bytes: Array("20".utf8)),
            ])
        }
        #expect(try Corpora.bytes(URL(fileURLWithPath: a)) == Array("1".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["a.json", "b.json"])
    }
}
