import Foundation
import TestSupport
import Testing

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

    /// A `$ COMMAND  # exit N` line's command (after `$ `) and its exit
    /// status (0 when not given, -1 when N is not a number).
    static func commandAndStatus(_ line: String) -> (command: String, status: Int32) {
        var text = String(line.dropFirst(2))
        var status: Int32 = 0
        if let hash = text.range(of: "  # exit ") {
            status = Int32(text[hash.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
            text = String(text[..<hash.lowerBound])
        }
        return (text, status)
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
                var (text, status) = Self.commandAndStatus(line)
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
