import Foundation
import TestSupport
import Testing

@Suite struct CheckCLITests {
    @Test func theSampleChecksCleanWithItsReferencesAndPlaceholdersListed() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let result = try CLI.run(["check", "chroma_version"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6 + 18)
        #expect(lines[0] == "chromadb/__init__.py:12:15  __version__  0.5.20  (config: .tplpatch.yml:6)")
        #expect(lines.contains("chromadb/__init__.py:15:27  other text  MINIMUM_SERVER_VERSION = \"0.5.20\""))
        #expect(lines.contains("deployments/common/docker-compose.yml:4:39  placeholder  image: ghcr.io/chroma-core/chroma:CHROMA_VERSION"))
        #expect(lines.contains("deployments/gcp/main.tf:37:29  reference  export CHROMA_VERSION=${var.chroma_version}"))
        #expect(result.stderr == "chroma_version: 6 target(s) agree on 0.5.20; outside them: 10 reference, 3 placeholder, 5 other text\n")
    }

    @Test func aLikelyMissedTargetIsExitThreeAndJSONCarriesSchemaOne() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let result = try CLI.run(["check", "chroma_version", "--exclude", "charts/*/templates", "--json"], in: root)
        #expect(result.status == 3, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        #expect(object["command"] as? String == "check")
        #expect(object["value"] as? String == "0.5.20")
        #expect(object["agree"] as? Bool == true)
        #expect(object["exitCode"] as? Int == 3)
        let occurrences = try #require(object["occurrences"] as? [[String: Any]])
        #expect(occurrences.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? "") \($0["kind"] ?? "") \($0["key"] ?? "")" } == [
            "charts/chroma/Chart.yaml:4:14 likely-missed-target appVersion",
            "charts/chroma/values.yaml:3:17 likely-missed-target chroma_version",
        ])
        let text = try CLI.run(["check", "chroma_version", "--exclude", "charts/*/templates"], in: root)
        #expect(text.status == 3)
        #expect(text.stdout.contains("charts/chroma/values.yaml:3:17  likely missed target  chroma_version: 0.5.20\n"))
        #expect(text.stderr.contains("error: chroma_version = 0.5.20 is also written in a version-like slot that is not a target"))
    }

    @Test func driftIsExitThreeWithTheTargetsListedAsGetListsThem() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1.2.3\"\n")
        try scratch.write("b.tfvars", "chroma_version = \"1.2.4\"\n")
        let check = try CLI.run(["check", "chroma_version"], in: scratch.path)
        let get = try CLI.run(["get", "chroma_version"], in: scratch.path)
        #expect(check.status == 3 && get.status == 3)
        #expect(check.stdout == get.stdout)
        #expect(check.stderr.contains("error: the targets of chroma_version disagree: 1.2.3, 1.2.4"))
    }

    @Test func checkSkipsGitIgnoredFilesInARealRepository() throws {
        let scratch = try Scratch()
        try scratchGit(["init", "-q"], in: scratch.path)
        try scratch.write("a.tfvars", "chroma_version = \"1.2.3\"\n")
        try scratch.write(".gitignore", "build/\n")
        try scratch.write("build/package.json", #"{"version": "1.2.3"}"#)
        let clean = try CLI.run(["check", "chroma_version"], in: scratch.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        try scratch.write("package.json", #"{"version": "1.2.3"}"#)
        let missed = try CLI.run(["check", "chroma_version"], in: scratch.path)
        #expect(missed.status == 3)
        #expect(missed.stdout.contains("package.json:1:14  likely missed target  {\"version\": \"1.2.3\"}\n"))
        #expect(!missed.stdout.contains("build/"))
    }

    @Test func aFileThatDoesNotParseBlocksCheckLikeSet() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let result = try CLI.run(["check", "chroma_version"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--exclude 'charts/chroma/templates/**'"))
    }
}
