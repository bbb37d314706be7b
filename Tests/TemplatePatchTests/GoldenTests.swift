import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

struct GoldenCase: CustomStringConvertible, Sendable {
    var name: String
    var selector: String
    var value: String
    var description: String { name }

    static func all() -> [GoldenCase] {
        let manifest = Fixtures.root.appendingPathComponent("golden/json/cases.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return GoldenCase(name: fields[0], selector: fields[1], value: fields[2])
        }
    }
}

@Suite struct GoldenTests {
    @Test func theManifestIsThere() {
        #expect(GoldenCase.all().count >= 10)
    }

    /// Each JSON golden pair: `edit` gives exactly the after file, and
    /// nothing outside the literal moved.
    @Test(arguments: GoldenCase.all())
    func jsonEdit(_ golden: GoldenCase) throws {
        let scratch = try Scratch()
        let path = try scratch.copyFixture("golden/json/\(golden.name).before.json", as: "file.json")
        let before = try Corpora.bytes(URL(fileURLWithPath: path))
        let expected = try Corpora.bytes(Fixtures.root.appendingPathComponent("golden/json/\(golden.name).after.json"))
        let plan = try Planner.plan(edit: path, at: Selector(parsing: golden.selector), to: golden.value)
        try plan.apply()
        let after = try Corpora.bytes(URL(fileURLWithPath: path))
        #expect(after == expected, "\(golden.name): \(String(decoding: after, as: UTF8.self))")
        // Only the edited span differs.
        let edit = try #require(plan.files.first?.edits.first)
        #expect(plan.files.first?.edits.count == 1)
        #expect(after[..<edit.range.lowerBound] == before[..<edit.range.lowerBound])
        #expect(after[(edit.range.lowerBound + edit.replacement.count)...] == before[edit.range.upperBound...])
    }

    /// `set NAME VALUE` over the Chroma sample changes exactly the files and
    /// bytes the golden tree says, and a second run changes nothing.
    @Test(arguments: [("chroma_version", "1.2.3", "chroma-set-1.2.3", 6), ("js_version", "3.0.0", "js-set-3.0.0", 1)])
    func chromaSet(name: String, value: String, goldenFolder: String, targets: Int) throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let plan = try Planner(root: root).plan(set: name, to: value)
        #expect(plan.entries.count == targets)
        try plan.apply()
        let after = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let golden = try Scratch.snapshot(of: Fixtures.root.appendingPathComponent("golden/\(goldenFolder)"))
        #expect(Set(after.keys) == Set(before.keys))
        #expect(!golden.isEmpty)
        for (file, bytes) in after {
            let want = golden[file] ?? before[file]
            #expect(bytes == want, "\(file) differs from the golden tree")
        }
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed == Set(golden.keys))

        let again = try Planner(root: root).plan(set: name, to: value)
        #expect(again.changedFiles.isEmpty)
        #expect(again.entries.allSatisfy { !$0.changes && $0.oldValue == value })
    }
}
