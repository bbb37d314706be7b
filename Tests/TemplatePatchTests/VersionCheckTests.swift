import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// `Planner.locate(_:inFile:)` and `verify`: what `publish --version` checks.
@Suite struct VersionCheckTests {
    @Test func findsTheChromaVersionDefaultOfTheSample() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let file = try Planner().locate("chroma_version", inFile: root + "/deployments/aws/chroma.cf.json")
        #expect(file.entries.map(\.selector) == ["Parameters.ChromaVersion.Default"])
        #expect(file.entries.map(\.oldValue) == ["0.5.20"])
        #expect(file.entries.first?.location.line == 18)
        #expect(try Planner().verify("chroma_version", inFile: root + "/deployments/aws/chroma.cf.json", holds: "0.5.20")
            .entries.count == 1)
        // The Terraform rules apply to one file too.
        let tf = try Planner().locate("chroma_version", inFile: root + "/deployments/gcp/main.tf")
        #expect(tf.entries.map(\.oldValue) == ["0.5.20"])
    }

    @Test func anotherValueIsExitThreeAtTheValue() throws {
        let scratch = try Scratch()
        let path = try scratch.write("t.json", cfnTemplate)
        do {
            _ = try Planner().verify("chroma_version", inFile: path, holds: "1.2.3")
            Issue.record("expected a mismatch")
        } catch {
            #expect(error.exitCode == 3)
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.line == 3)
            #expect(error.description.contains("holds '0.5.20', not '1.2.3'"))
        }
    }

    @Test func noTargetOrNoParseIsExitOne() throws {
        let scratch = try Scratch()
        let plain = try scratch.write("plain.json", "{\"Resources\": {}}")
        do {
            _ = try Planner().locate("chroma_version", inFile: plain)
            Issue.record("expected no target")
        } catch {
            #expect(error.exitCode == 1)
            #expect(error.description.contains("no target for 'chroma_version'"))
            #expect(error.description.contains("Parameters.ChromaVersion.Default"))
        }
        let broken = try scratch.write("broken.json", "{\"Resources\": ")
        #expect(throws: PatchError.self) { try Planner().locate("chroma_version", inFile: broken) }
        let unknown = try scratch.write("x.bin", "abc")
        #expect(throws: PatchError.self) { try Planner().locate("chroma_version", inFile: unknown) }
    }
}

@Suite struct VersionCheckConfigTests {
    @Test func aTargetTheConfigNamesIsCheckedToo() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let planner = Planner(root: root)
        let module = root + "/chromadb/__init__.py"
        let file = try planner.verify("chroma_version", inFile: module, holds: "0.5.20")
        #expect(file.entries.map(\.selector) == ["__version__"])
        #expect(file.entries.first?.origin.description.hasPrefix("config:") == true)
        #expect { try planner.verify("chroma_version", inFile: module, holds: "1.2.3") } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
        // Without the config, the module holds no target.
        #expect { try Planner(root: scratch.path).verify("chroma_version", inFile: module, holds: "0.5.20") } throws: { error in
            (error as? PatchError)?.description.contains("no target for 'chroma_version' in this file") == true
        }
    }
}

@Suite struct VersionCheckPathTests {
    /// However the file is named, the config above it is found and its
    /// targets in that file are checked (a skipped check would let an old
    /// template be published as latest).
    @Test(arguments: ["/chromadb/__init__.py", "/chromadb//__init__.py", "/./chromadb/../chromadb/__init__.py"])
    func anySpellingOfThePathFindsTheConfig(_ suffix: String) throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let file = try Planner().verify("chroma_version", inFile: root + suffix, holds: "0.5.20")
        #expect(file.entries.map(\.selector) == ["__version__"])
        #expect { try Planner().verify("chroma_version", inFile: root + suffix, holds: "1.2.3") } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
    }
}
