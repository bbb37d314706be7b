import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

@Suite struct CheckTests {
    let scan = OccurrenceScan(value: "1.2.3", spellings: NameSpellings("chroma_version"))

    func kinds(_ text: String, skipping: [Range<Int>] = []) -> [String] {
        scan.occurrences(in: Array(text.utf8), skipping: skipping).map { "\($0.kind.rawValue) \($0.text)" }
    }

    @Test func theValueIsMatchedAsAWholeToken() {
        #expect(kinds("x 11.2.3 1.2.30 0.1.2.3 1.2.3.4 1.2.3-rc.1 1.2.3+b a1.2.3 1.2.3a _1.2.3") == [])
        #expect(kinds("chroma:1.2.3") == ["other-text 1.2.3"])
        #expect(kinds("released 1.2.3.") == ["other-text 1.2.3"])
        #expect(kinds("chroma-1.2.3 chroma-1.2.3.tar.gz 1.2.3.dev1") == ["other-text 1.2.3"], "a . and a letter after it: another token")
        #expect(kinds("tag v1.2.3 and (1.2.3)") == ["other-text 1.2.3", "other-text 1.2.3"])
        #expect(kinds("vv1.2.3") == [])
    }

    @Test func aValueInAVersionLikeSlotIsALikelyMissedTarget() {
        #expect(kinds("version: 1.2.3\n") == ["likely-missed-target 1.2.3"])
        #expect(kinds(#"{"chromaVersion": "1.2.3"}"#) == ["likely-missed-target 1.2.3"])
        #expect(kinds("__version__ = '1.2.3'\n") == ["likely-missed-target 1.2.3"])
        #expect(kinds("ARG CHROMA_VERSION=1.2.3\n") == ["likely-missed-target 1.2.3"])
        #expect(kinds("appVersion: \"1.2.3\"\n") == ["likely-missed-target 1.2.3"])
        #expect(kinds("chroma_version := 1.2.3\n") == ["likely-missed-target 1.2.3"])
        #expect(kinds("tool.poetry.version = \"1.2.3\"\n") == ["likely-missed-target 1.2.3"])
        // Not a slot of its own, another version, or a comparison.
        #expect(kinds("image: chromadb/chroma:1.2.3\n") == ["other-text 1.2.3"])
        #expect(kinds("MINIMUM_SERVER_VERSION = \"1.2.3\"\n") == ["other-text 1.2.3"])
        #expect(kinds("chroma_client_min_version = \"1.2.3\"\n") == ["other-text 1.2.3"])
        #expect(kinds("if version == \"1.2.3\":\n") == ["other-text 1.2.3"])
        #expect(kinds("version: \"chroma-1.2.3\"\n") == ["other-text 1.2.3"])
        #expect(kinds("default = \"1.2.3\"\n") == ["other-text 1.2.3"])
        #expect(kinds("version: 1.2.3 # and 1.2.3\n") == ["likely-missed-target 1.2.3", "other-text 1.2.3"])
    }

    @Test func theNameAsAReferenceOrAPlaceholderIsListed() {
        #expect(kinds("x = var.chroma_version\n") == ["reference chroma_version"])
        #expect(kinds("tag = \"${var.chroma_version}\"\n") == ["reference chroma_version"])
        #expect(kinds("image: {{ .Values.chromaVersion }}\n") == ["reference chromaVersion"])
        #expect(kinds(#"{"Ref": "ChromaVersion"}"#) == ["reference ChromaVersion"])
        #expect(kinds("Value: !Ref ChromaVersion\n") == ["reference ChromaVersion"])
        #expect(kinds("image: chroma:${CHROMA_VERSION}\n") == ["placeholder CHROMA_VERSION"])
        #expect(kinds("echo $CHROMA_VERSION\n") == ["placeholder CHROMA_VERSION"])
        #expect(kinds("v: {{ chroma_version }}\n") == ["placeholder chroma_version"])
        #expect(kinds("image: ghcr.io/chroma-core/chroma:CHROMA_VERSION\n") == ["placeholder CHROMA_VERSION"])
        #expect(kinds("sed s/CHROMA_VERSION/x/\n") == ["placeholder CHROMA_VERSION"])
        // Declarations, keys, prose and longer names are not listed.
        #expect(kinds("variable \"chroma_version\" {\nchroma_version = 1\nexport CHROMA_VERSION=x\nmy_chroma_version var.chroma_version_x\n") == [])
    }

    @Test func occurrencesInsideATargetAreLeftOut() {
        let text = "version: 1.2.3\nversion: 1.2.3\n"
        #expect(kinds(text, skipping: [9..<14]) == ["likely-missed-target 1.2.3"])
        #expect(scan.occurrences(in: Array(text.utf8), skipping: [9..<14]).first?.range == 24..<29)
    }

    @Test func theSampleGivesASensibleReport() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let report = try Planner(root: root).check("chroma_version")
        #expect(report.agree && report.value == "0.5.20")
        #expect(report.plan.entries.count == 6)
        let lines = report.occurrences.map { "\($0.relativePath):\($0.line):\($0.column) \($0.kind.rawValue) \($0.text)" }
        #expect(lines == [
            "chromadb/__init__.py:3:25 other-text 0.5.20",
            "chromadb/__init__.py:15:27 other-text 0.5.20",
            "deployments/aws/chroma.cf.json:28:19 other-text 0.5.20",
            "deployments/aws/chroma.cf.json:50:26 reference ChromaVersion",
            "deployments/aws/chroma.cf.json:52:56 placeholder ChromaVersion",
            "deployments/aws/chroma.cf.json:74:25 reference ChromaVersion",
            "deployments/azure/chroma.tfvars.tf:7:36 other-text 0.5.20",
            "deployments/azure/main.tf:24:18 other-text 0.5.20",
            "deployments/azure/main.tf:36:22 reference chroma_version",
            "deployments/azure/main.tf:39:19 reference chroma_version",
            "deployments/azure/main.tf:61:15 placeholder CHROMA_VERSION",
            "deployments/azure/main.tf:61:36 reference chroma_version",
            "deployments/azure/main.tf:62:24 reference chroma_version",
            "deployments/azure/main.tf:82:15 reference chroma_version",
            "deployments/common/docker-compose.yml:4:39 placeholder CHROMA_VERSION",
            "deployments/gcp/main.tf:37:29 reference chroma_version",
            "deployments/gcp/main.tf:38:75 reference chroma_version",
            "deployments/gcp/main.tf:42:34 reference chroma_version",
        ])
        #expect(report.exitCode == 0)
    }

    @Test func aMissedSlotInATreeFailsTheCheckUntilItIsATarget() throws {
        let scratch = try Scratch()
        try scratch.copyFixture("helm", as: "tree")
        let root = scratch.path + "/tree"
        let planner = Planner(root: root, exclusions: Exclusions(["charts/*/templates"]))
        let report = try planner.check("chroma_version")
        #expect(report.occurrences.map { "\($0.relativePath):\($0.line) \($0.kind.rawValue) \($0.key ?? "-")" } == [
            "charts/chroma/Chart.yaml:4 likely-missed-target appVersion",
            "charts/chroma/values.yaml:3 likely-missed-target chroma_version",
        ])
        #expect(report.exitCode == 3)
        try scratch.write("tree/.tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: charts/chroma/values.yaml
                    at: chroma_version
                  - file: charts/chroma/Chart.yaml
                    at: appVersion

            """)
        let fixed = try planner.check("chroma_version")
        #expect(fixed.occurrences.isEmpty)
        #expect(fixed.exitCode == 0)
    }

    @Test func driftIsExitThreeAndScansNothing() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1.2.3\"\n")
        try scratch.write("b.tfvars", "chroma_version = \"1.2.4\"\n")
        try scratch.write("c.json", #"{"version": "1.2.3"}"#)
        let report = try Planner(root: scratch.path).check("chroma_version")
        #expect(!report.agree && report.values == ["1.2.3", "1.2.4"])
        #expect(report.occurrences.isEmpty)
        #expect(report.exitCode == 3)
    }

    @Test func binaryLargeExcludedAndIgnoredFilesAreNotScanned() throws {
        let scratch = try Scratch()
        try gitRepository(scratch)
        try scratch.write("a.tfvars", "chroma_version = \"1.2.3\"\n")
        try scratch.write("bin.dat", bytes: Array("version: 1.2.3\n".utf8) + [0, 1, 2])
        try scratch.write("big.txt", "version: 1.2.3\n" + String(repeating: "x", count: 5000))
        try scratch.write("docs/notes.md", "version: 1.2.3\n")
        try scratch.write(".gitignore", "out/\n")
        try scratch.write("out/gen.json", #"{"version": "1.2.3"}"#)
        try scratch.write("kept.yml", "version: 1.2.3\n")
        let report = try Planner(root: scratch.path, maxFileSize: 4096, exclusions: Exclusions(["docs"])).check("chroma_version")
        #expect(report.occurrences.map(\.relativePath) == ["kept.yml"])
        #expect(report.skippedLarge == [scratch.path + "/big.txt"])
        #expect(report.exitCode == 3)
    }
}
