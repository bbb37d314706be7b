import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

struct PythonGoldenCase: CustomStringConvertible, Sendable {
    var name: String
    var selector: String
    var value: String
    var description: String { name }

    static let folder = Fixtures.root.appendingPathComponent("python/golden")

    static func all() -> [PythonGoldenCase] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("cases.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { return nil }
            return PythonGoldenCase(name: fields[0], selector: fields[1], value: fields[2])
        }
    }
}

@Suite struct PythonFixtureTests {
    @Test func theManifestIsThere() {
        #expect(PythonGoldenCase.all().count >= 9)
    }

    /// Each golden pair: the verified edit gives exactly the after file.
    @Test(arguments: PythonGoldenCase.all())
    func goldenEdit(_ golden: PythonGoldenCase) throws {
        let before = try Corpora.bytes(PythonGoldenCase.folder.appendingPathComponent("\(golden.name).before.py"))
        let after = try Corpora.bytes(PythonGoldenCase.folder.appendingPathComponent("\(golden.name).after.py"))
        let document = try PythonDocument(parsing: SourceText(bytes: before))
        #expect(document.printed() == before)
        let slots = try document.select(Selector(parsing: golden.selector))
        #expect(slots.count == 1)
        let (edited, edits) = try document.applyingVerified(slots.map { SlotChange(slot: $0, value: golden.value) })
        #expect(edited.source.bytes == after, "\(golden.name): \(edited.source.string.debugDescription)")
        #expect(edits.count == 1 && edits.first?.range == slots.first?.range)
        #expect(try edited.select(Selector(parsing: golden.selector)).map(\.value) == [golden.value])
    }

    @Test func chromadbInit() throws {
        let url = Fixtures.root.appendingPathComponent("python/chromadb/__init__.py")
        let source = SourceText(bytes: try Corpora.bytes(url), path: url.path)
        let document = try PythonDocument(parsing: source)
        #expect(document.printed() == source.bytes)
        let slots = try document.select(Selector(parsing: "__version__"))
        #expect(slots.map(\.value) == ["0.5.20"])
        #expect(source.location(of: slots[0].range.lowerBound).description == "14:15")
        #expect(document.assignedNames() == ["__settings", "__version__", "is_client", "logger"])
        let (edited, _) = try document.applyingVerified([SlotChange(slot: slots[0], value: "1.2.3")])
        let text = edited.source.string
        #expect(text.components(separatedBy: "0.5.20").count == 4, "the three mentions in docstrings stay")
        #expect(text.contains("__version__ = \"1.2.3\"\n"))
        #expect(text.contains("__version__ = \"0.0.0-thin\""))
    }
}
