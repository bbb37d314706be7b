import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// Cases found in review, each once a silent wrong result.
@Suite struct ReviewRegressionTests {
    @Test func oneFileReachedByTwoPathsIsPlannedOnceAndKeepsEveryEdit() throws {
        let scratch = try Scratch()
        let real = try scratch.write("deploy/cf.json", """
            {"AWSTemplateFormatVersion": "2010-09-09", "Metadata": {"Version": "0.5.20"},
             "Parameters": {"ChromaVersion": {"Default": "0.5.20"}}, "Resources": {}}

            """)
        symlink(real, scratch.path + "/template.json")
        try scratch.write(".tplpatch.yml", "variables:\n  chroma_version:\n    targets:\n      - file: template.json\n        at: Metadata.Version\n      - file: deploy/./cf.json\n        at: Metadata.Version\n")
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.0.0")
        #expect(plan.files.count == 1)
        #expect(plan.entries.count == 2)
        try plan.apply()
        let after = try Planner(root: scratch.path).locate("chroma_version")
        #expect(after.distinctOldValues == ["1.0.0"])
    }

    @Test func aLiteralSharedByTwoNamesIsNotChangedThroughOne() throws {
        let scratch = try Scratch()
        try scratch.write("c.py", "MIN_VERSION = CHROMA_VERSION = \"1.0\"\n")
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "2.0") } throws: { error in
            (error as? PatchError)?.description.contains("'MIN_VERSION' shares its literal with 'CHROMA_VERSION'") == true
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func environmentReferencesAreLeftAloneWithAWarning() throws {
        let scratch = try Scratch()
        try scratch.write("v.tfvars", "chroma_version = \"1.0\"\n")
        try scratch.write("docker-compose.yml", """
            services:
              a: {environment: {CHROMA_VERSION: "${CHROMA_VERSION:-1.0}"}}
              b: {environment: ["CHROMA_VERSION=$CHROMA_VERSION"]}

            """)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.count == 1)
        #expect(plan.warnings.count == 2)
        #expect(plan.warnings.allSatisfy { $0.description.contains("left alone") && $0.description.contains("refers to a variable") })
    }

    @Test func globsWithDotSlashAndUnreadableCandidates() throws {
        let scratch = try Scratch()
        try scratch.write("d/package.json", #"{"version": "1"}"#)
        try scratch.write("d/README.md", "hi\n")
        try scratch.write("d/broken.json", "{\"x\": ")
        try scratch.write(".tplpatch.yml", "variables:\n  v:\n    conventions: false\n    targets:\n      - file: \"./d/*\"\n        at: version\n")
        let plan = try Planner(root: scratch.path).locate("v")
        #expect(plan.entries.map(\.oldValue) == ["1"])
        #expect(plan.warnings.contains { $0.description.contains("broken.json") })
    }

    @Test func aFileNameWithGlobCharactersIsThatFile() throws {
        let scratch = try Scratch()
        try scratch.write("st*r.py", "__version__ = \"1.0\"\n")
        try scratch.write("stuffr.py", "__version__ = \"9.9\"\n")
        try scratch.write(".tplpatch.yml", "variables:\n  v:\n    targets:\n      - file: \"st*r.py\"\n        at: __version__\n")
        let plan = try Planner(root: scratch.path).locate("v")
        #expect(plan.entries.map(\.path) == [scratch.path + "/st*r.py"])
    }
}

@Suite struct BuildFolderTests {
    @Test func buildkiteIsSearchedButBuildFoldersAreNot() throws {
        let scratch = try Scratch()
        let pipeline = "steps:\n  - command: make\n    env:\n      CHROMA_VERSION: \"0.5.20\"\n"
        try scratch.write(".buildkite/pipeline.yml", pipeline)
        try scratch.write(".build/x/pipeline.yml", pipeline)
        try scratch.write(".build-release/x/pipeline.yml", pipeline)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map { $0.path.dropFirst(scratch.path.count + 1) } == [".buildkite/pipeline.yml"])
    }
}

@Suite struct ComposeAnchorTests {
    @Test func anEnvironmentSharedThroughAnAnchorIsFoundOnce() throws {
        let scratch = try Scratch()
        let file = try scratch.write("docker-compose.yml", "x-env: &env\n  CHROMA_VERSION: 0.5.20\nservices:\n  a:\n    environment: *env\n  b:\n    environment: *env\n")
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.0.0")
        #expect(plan.entries.count == 1)
        try plan.apply()
        #expect(try Corpora.text(URL(fileURLWithPath: file)).hasPrefix("x-env: &env\n  CHROMA_VERSION: 1.0.0\n"))
    }

    @Test func aReferenceIsWarnedAboutOnce() throws {
        let scratch = try Scratch()
        try scratch.write("v.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("compose.yaml", "services:\n  a:\n    environment:\n      CHROMA_VERSION: ${CHROMA_VERSION}\n")
        #expect(try Planner(root: scratch.path).locate("chroma_version").warnings.count == 1)
    }
}
