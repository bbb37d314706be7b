import Foundation
import TestSupport
import Testing

private struct GitFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs the real `git` for a CLI test.
private func git(_ arguments: [String], in directory: String) throws {
    let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: directory)
    guard result.status == 0 else {
        throw GitFailure(description: "git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderrText)")
    }
}

@Suite struct ExcludeCLITests {
    @Test func aHelmTemplateBlocksSetAndTheErrorSaysHowToExcludeIt() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let before = try scratch.snapshot()
        let blocked = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("charts/chroma/templates/deployment.yaml:"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("exclude it with --exclude 'charts/chroma/templates/**' or `exclude: [\"charts/chroma/templates/**\"]` in .tplpatch.yml"))
        #expect(try scratch.snapshot() == before)

        let done = try CLI.run(["set", "chroma_version", "1.2.3", "--exclude", "charts/chroma/templates/**"], in: root)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "chroma.tfvars:1:18  chroma_version  0.5.20 -> 1.2.3\n")
        #expect(try Corpora.text(URL(fileURLWithPath: root + "/charts/chroma/templates/deployment.yaml")).contains(".Values.chroma_version"))
    }

    @Test func excludeRepeatsAndWorksOnGet() throws {
        let scratch = try Scratch()
        try scratch.write("a/x.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("b/x.tfvars", "chroma_version = \"2\"\n")
        try scratch.write("c/x.tfvars", "chroma_version = \"3\"\n")
        let drift = try CLI.run(["get", "chroma_version"], in: scratch.path)
        #expect(drift.status == 3)
        let one = try CLI.run(["get", "chroma_version", "--exclude", "b", "--exclude=c/*.tfvars"], in: scratch.path)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "a/x.tfvars:1:18  chroma_version  1  (convention: Terraform variable value)\n")
    }

    @Test func aBadExcludeIsAUsageError() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        let before = try scratch.snapshot()
        for pattern in [["--exclude=/abs"], ["--exclude=../x"], ["--exclude", ""]] {
            for command in [["set", "chroma_version", "2"], ["get", "chroma_version"], ["check", "chroma_version"]] {
                let result = try CLI.run(command + pattern, in: scratch.path)
                #expect(result.status == 2, "\(command) \(pattern): \(result.stderr)")
                #expect(result.stderr.contains("--exclude '"), "\(result.stderr)")
            }
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func aBadConfigExcludeIsAnErrorAtItsLineAndWritesNothing() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write(".tplpatch.yml", "exclude:\n  - ok/**\n  - ../up\n")
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "2"], in: scratch.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains(".tplpatch.yml:3:5: error: exclusion '../up' contains '..'"), "\(result.stderr)")
        #expect(try scratch.snapshot() == before)
    }

    @Test func withoutGitOnThePathNothingIsFilteredAndNothingIsSaid() throws {
        let scratch = try Scratch()
        try git(["init", "-q"], in: scratch.path)
        try scratch.write(".gitignore", "dist/\n")
        try scratch.write("main.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dist/copy.tfvars", "chroma_version = \"1\"\n")
        try FileManager.default.createDirectory(atPath: scratch.path + "/empty-bin", withIntermediateDirectories: true)
        let result = try CLI.run(["get", "chroma_version"], in: scratch.path, environment: ["PATH": scratch.path + "/empty-bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dist/copy.tfvars:1:18"))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func setSkipsGitIgnoredFilesInARealRepository() throws {
        let scratch = try Scratch()
        try git(["init", "-q"], in: scratch.path)
        try scratch.write(".gitignore", "dist/\n")
        try scratch.write(".git/info/exclude", "*.local.tfvars\n")
        try scratch.write("main.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dist/copy.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("dev.local.tfvars", "chroma_version = \"1\"\n")
        let result = try CLI.run(["set", "chroma_version", "2"], in: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "main.tfvars:1:18  chroma_version  1 -> 2\n")
        #expect(try Corpora.text(scratch.url.appendingPathComponent("dist/copy.tfvars")) == "chroma_version = \"1\"\n")
        #expect(try Corpora.text(scratch.url.appendingPathComponent("dev.local.tfvars")) == "chroma_version = \"1\"\n")
    }
}

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
        try git(["init", "-q"], in: scratch.path)
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

/// Every README example marked `<!-- tested: fixtures/DIR -->` runs here:
/// the fixture is copied to a fresh scratch folder for each block, each
/// `$ tplpatch ...` line of the block runs in it, in order, and its standard output (and, with `2>&1`, its standard
/// error after it) must be the lines below it; `# exit N` gives the status.
@Suite struct ReadmeExampleTests {
    struct Example {
        var block: Int
        var fixture: String
        var command: [String]
        var mergeErrors: Bool
        var status: Int32
        var expected: String
    }

    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var started = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                started = true
            } else if character == " " {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    static func examples() throws -> [Example] {
        let readme = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var examples: [Example] = []
        var fixture: String? = nil
        var inBlock = false
        var current: Example? = nil
        var block = 0
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("<!-- tested: fixtures/") {
                fixture = String(line.dropFirst("<!-- tested: fixtures/".count).prefix { $0 != " " })
                continue
            }
            if line.hasPrefix("```") {
                if inBlock {
                    if let example = current { examples.append(example) }
                    current = nil
                    inBlock = false
                    fixture = nil
                } else if fixture != nil {
                    inBlock = true
                    block += 1
                }
                continue
            }
            guard inBlock, let fixture else { continue }
            if line.hasPrefix("$ ") {
                if let example = current { examples.append(example) }
                var text = String(line.dropFirst(2))
                var status: Int32 = 0
                if let hash = text.range(of: "  # exit ") {
                    status = Int32(text[hash.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
                    text = String(text[..<hash.lowerBound])
                }
                var merge = false
                if text.hasSuffix(" 2>&1") {
                    merge = true
                    text = String(text.dropLast(5))
                }
                current = Example(block: block, fixture: fixture, command: words(text), mergeErrors: merge, status: status, expected: "")
            } else {
                current?.expected += line + "\n"
            }
        }
        return examples
    }

    @Test func everyTestedExampleGivesWhatTheReadmeShows() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 4)
        #expect(Set(examples.map(\.block)).count >= 3)
        var trees: [Int: (Scratch, String)] = [:]
        for example in examples {
            #expect(example.command.first == "tplpatch")
            if trees[example.block] == nil {
                let scratch = try Scratch()
                trees[example.block] = (scratch, try scratch.copyFixture(example.fixture, as: "tree"))
            }
            guard let (_, root) = trees[example.block] else { continue }
            let result = try CLI.run(Array(example.command.dropFirst()), in: root)
            let shown = example.mergeErrors ? result.stdout + result.stderr : result.stdout
            #expect(result.status == example.status, "\(example.command): \(result.stderr)")
            #expect(shown == example.expected, "\(example.command)")
        }
    }

    /// The fenced block after the line `marker` in the README.
    static func block(after marker: String) throws -> String {
        let readme = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: marker), "no \(marker) in the README")
        let body = lines[(start + 2)...].prefix { !$0.hasPrefix("```") }
        return body.joined(separator: "\n") + "\n"
    }

    @Test func theReadmesExcludeConfigLetsSetPastTheHelmTemplates() throws {
        let config = try Self.block(after: "<!-- tested config: fixtures/helm -->")
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        try scratch.write("tree/.tplpatch.yml", config)
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "chroma.tfvars:1:18  chroma_version  0.5.20 -> 1.2.3\n")
    }

    @Test func theReadmesCheckJSONHasTheFieldsCheckPrints() throws {
        let shown = try Self.block(after: "<!-- tested json: check -->")
        let documented = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let result = try CLI.run(["check", "chroma_version", "--exclude", "charts/*/templates", "--json"], in: root)
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(documented.keys) == Set(printed.keys))
        for list in ["targets", "occurrences"] {
            let a = try #require((documented[list] as? [[String: Any]])?.first)
            let b = try #require((printed[list] as? [[String: Any]])?.last)
            #expect(Set(a.keys) == Set(b.keys), "\(list)")
            #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b), "\(list): the README shows what check prints")
        }
        #expect(documented["schema"] as? Int == 1 && printed["schema"] as? Int == 1)
    }
}

@Suite struct InitExcludeCLITests {
    @Test func initTakesExcludeToGetPastAHelmTemplate() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        let blocked = try CLI.run(["init", "chroma_version"], in: root)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("--exclude 'charts/chroma/templates/**'"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.tplpatch.yml"))
        let done = try CLI.run(["init", "chroma_version", "--exclude", "charts/chroma/templates/**"], in: root)
        #expect(done.status == 0, "\(done.stderr)")
        let config = try Corpora.text(URL(fileURLWithPath: root + "/.tplpatch.yml"))
        #expect(config.contains("- file: charts/chroma/Chart.yaml"))
    }
}
