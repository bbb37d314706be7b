import Foundation
import TestSupport
import Testing

/// The README's `--json` section: every block marked
/// `<!-- tested json: fixtures/DIR -->` (or `... fixtures/DIR git`, for a
/// committed git repository of the fixture) runs here, in a fresh copy of
/// the fixture per block. Each `$ tplpatch ...` line runs in it, in order,
/// and its standard output must be the JSON document below it: the same
/// keys at every level, the same values, and arrays of the same length,
/// except that the string `"…"` stands for any value, and an array whose
/// last element is `"…"` stands for any array that starts with the
/// elements shown. `# exit N` after the command gives its status.
@Suite struct ReadmeJSONTests {
    struct Example {
        var block: Int
        var fixture: String
        var git: Bool
        var command: [String]
        var status: Int32
        var shown: String
    }

    static let marker = "<!-- tested json: fixtures/"

    static func examples() throws -> [Example] {
        let readme = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var examples: [Example] = []
        var pending: (fixture: String, git: Bool)? = nil
        var open: (fixture: String, git: Bool)? = nil
        var current: Example? = nil
        var block = 0
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix(marker) {
                let words = line.dropFirst(marker.count).split(separator: " ")
                pending = (String(words.first ?? ""), words.dropFirst().first == "git")
                continue
            }
            if line.hasPrefix("```") {
                if open != nil {
                    if let example = current { examples.append(example) }
                    current = nil
                    open = nil
                } else if let next = pending {
                    open = next
                    pending = nil
                    block += 1
                }
                continue
            }
            guard let (fixture, git) = open else { continue }
            if line.hasPrefix("$ ") {
                if let example = current { examples.append(example) }
                let (text, status) = ReadmeExampleTests.commandAndStatus(line)
                current = Example(
                    block: block, fixture: fixture, git: git, command: ReadmeExampleTests.words(text), status: status, shown: "")
            } else {
                current?.shown += line + "\n"
            }
        }
        return examples
    }

    /// Where `printed` differs from `documented` (empty when it matches).
    static func differences(_ documented: Any, _ printed: Any, at path: String = "") -> [String] {
        if let text = documented as? String, text == "…" { return [] }
        switch (documented, printed) {
        case let (a as [String: Any], b as [String: Any]):
            if Set(a.keys) != Set(b.keys) {
                return ["\(path): keys \(a.keys.sorted()) documented, \(b.keys.sorted()) printed"]
            }
            return a.keys.sorted().flatMap { key in differences(a[key]!, b[key]!, at: path + "." + key) }
        case let (a as [Any], b as [Any]):
            var shown = a
            let open = (shown.last as? String) == "…"
            if open { shown.removeLast() }
            if open ? b.count < shown.count : b.count != shown.count {
                return ["\(path): \(shown.count)\(open ? " or more" : "") element(s) documented, \(b.count) printed"]
            }
            return zip(shown, b).enumerated().flatMap { differences($0.element.0, $0.element.1, at: "\(path)[\($0.offset)]") }
        case (is NSNull, is NSNull):
            return []
        case let (a as NSNumber, b as NSNumber):
            // JSONSerialization gives booleans as NSNumber too; tell them apart.
            let aBool = String(cString: a.objCType) == "c", bBool = String(cString: b.objCType) == "c"
            return aBool == bBool && a == b ? [] : ["\(path): \(a) documented, \(b) printed"]
        case let (a as String, b as String):
            return a == b ? [] : ["\(path): \(a.debugDescription) documented, \(b.debugDescription) printed"]
        default:
            return ["\(path): \(documented) documented, \(printed) printed"]
        }
    }

    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func theMatcherTellsADifferentDocumentFromTheSame() throws {
        let documented = try Self.parse(#"{"a": 1, "b": [{"c": true}, "…"], "d": "…", "e": null}"#)
        #expect(Self.differences(documented, try Self.parse(#"{"a": 1, "b": [{"c": true}, 2, 3], "d": [1], "e": null}"#)).isEmpty)
        #expect(!Self.differences(documented, try Self.parse(#"{"a": 2, "b": [{"c": true}], "d": 0, "e": null}"#)).isEmpty)
        #expect(!Self.differences(documented, try Self.parse(#"{"a": 1, "b": [{"c": 1}], "d": 0, "e": null}"#)).isEmpty)
        #expect(!Self.differences(documented, try Self.parse(#"{"a": 1, "b": [], "d": 0, "e": null}"#)).isEmpty)
        #expect(!Self.differences(documented, try Self.parse(#"{"a": 1, "b": [{"c": true}], "d": 0}"#)).isEmpty)
        #expect(!Self.differences(documented, try Self.parse(#"{"a": 1, "b": [{"c": true}], "d": 0, "e": null, "f": 1}"#)).isEmpty)
        #expect(!Self.differences(try Self.parse("[1, 2]"), try Self.parse("[1, 2, 3]")).isEmpty)
    }

    /// Every command that takes `--json` has an example in the section.
    static let commands = ["set", "bump", "apply", "get", "check", "edit", "query", "parse", "init", "tag", "recover", "publish"]

    @Test func everyJSONExampleIsWhatTheCommandPrints() throws {
        let examples = try Self.examples()
        let shownCommands = Set(examples.compactMap { $0.command.dropFirst().first })
        #expect(Set(Self.commands).subtracting(shownCommands).isEmpty, "no example of \(Set(Self.commands).subtracting(shownCommands).sorted())")
        var trees: [Int: (Scratch, String, [String: String])] = [:]
        for example in examples {
            #expect(example.command.first == "tplpatch")
            #expect(example.command.contains("--json"), "\(example.command)")
            if trees[example.block] == nil {
                if example.git {
                    let sandbox = try GitSandbox(try Scratch())
                    let sample = Fixtures.root.appendingPathComponent(example.fixture).path
                    for item in try FileManager.default.contentsOfDirectory(atPath: sample) {
                        try FileManager.default.copyItem(atPath: sample + "/" + item, toPath: sandbox.root + "/" + item)
                    }
                    try sandbox.commitAll("Initial")
                    trees[example.block] = (sandbox.scratch, sandbox.root, sandbox.environment)
                } else {
                    let scratch = try Scratch()
                    trees[example.block] = (scratch, try scratch.copyFixture(example.fixture, as: "tree"), [:])
                }
            }
            guard let (_, root, environment) = trees[example.block] else { continue }
            let result = try CLI.run(Array(example.command.dropFirst()), in: root, environment: environment)
            #expect(result.status == example.status, "\(example.command): \(result.stderr)")
            let documented = try Self.parse(example.shown)
            let printed = try Self.parse(result.stdout)
            let differences = Self.differences(documented, printed)
            #expect(differences.isEmpty, "\(example.command.joined(separator: " ")):\n\(differences.joined(separator: "\n"))\nprinted:\n\(result.stdout)")
            if let object = printed as? [String: Any] {
                #expect(object["schema"] as? Int == 1, "\(example.command): every JSON document has \"schema\": 1")
            }
        }
    }
}
