import JSONSyntax
import TemplateSyntax
import Testing

@Suite struct JSONSelectTests {
    let template = """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": {
            "ChromaVersion": {"Type": "String", "Default": "0.4.24"},
            "OtherVersion": {"Type": "String", "Default": "0.4.24"},
            "Port": {"Type": "Number", "Default": 8000},
            "Enabled": {"Default": true},
            "Empty": {"Default": null}
          },
          "a.b": {"c": ["x", "y"]},
          "esc": "caf\\u00e9 \\ud83d\\ude00 \\/ \\"q\\""
        }
        """

    func document() throws -> JSONDocument { try JSONDocument(parsing: SourceText(template)) }

    func values(_ selector: String) throws -> [String] {
        try document().select(Selector(parsing: selector)).map(\.value)
    }

    @Test func dottedPathsPointersIndicesAndWildcards() throws {
        #expect(try values("Parameters.ChromaVersion.Default") == ["0.4.24"])
        #expect(try values("/Parameters/ChromaVersion/Default") == ["0.4.24"])
        #expect(try values("Parameters.*.Default") == ["0.4.24", "0.4.24", "8000", "true", "null"])
        #expect(try values("\"a.b\".c[1]") == ["y"])
        #expect(try values("/a.b/c/0") == ["x"])
        #expect(try values("\"a.b\".c[*]") == ["x", "y"])
        #expect(try values("Parameters.Nope.Default") == [])
    }

    @Test func slotsCarryRangeKindAndPath() throws {
        let doc = try document()
        let slot = try #require(try doc.select(Selector(parsing: "Parameters.ChromaVersion.Default")).first)
        #expect(doc.source.text(slot.range) == "\"0.4.24\"")
        #expect(slot.kind == .string)
        #expect(slot.selectorText == "Parameters.ChromaVersion.Default")
        let port = try #require(try doc.select(Selector(parsing: "Parameters.Port.Default")).first)
        #expect(port.kind == .number)
    }

    @Test func escapesAreDecoded() throws {
        #expect(try values("esc") == ["caf\u{e9} \u{1F600} / \"q\""])
    }

    @Test func aContainerIsNotAScalar() throws {
        let doc = try document()
        #expect { try doc.select(Selector(parsing: "Parameters.ChromaVersion")) } throws: { error in
            (error as? TemplateError)?.message.contains("is an object, not a single value") == true
        }
    }

    @Test func missesAreExplained() throws {
        let doc = try document()
        let miss = try #require(doc.explainMiss(try Selector(parsing: "Parameters.ChromaVersio.Default")))
        #expect(miss.message.contains("'Parameters' has no member ChromaVersio"))
        #expect(miss.message.contains("ChromaVersion, OtherVersion"))
        let scalarMiss = try #require(doc.explainMiss(try Selector(parsing: "esc.x")))
        #expect(scalarMiss.message.contains("'esc' is a string"))
        #expect(doc.explainMiss(try Selector(parsing: "Parameters.Port.Default")) == nil)
    }

    @Test func scalarsListsEveryValueWithItsPath() throws {
        let doc = try document()
        let paths = doc.scalars().map(\.selectorText)
        #expect(paths == [
            "AWSTemplateFormatVersion", "Parameters.ChromaVersion.Type", "Parameters.ChromaVersion.Default",
            "Parameters.OtherVersion.Type", "Parameters.OtherVersion.Default", "Parameters.Port.Type",
            "Parameters.Port.Default", "Parameters.Enabled.Default", "Parameters.Empty.Default",
            "\"a.b\".c[0]", "\"a.b\".c[1]", "esc",
        ])
        #expect(try JSONDocument(parsing: SourceText("[[1], 2]")).scalars().map(\.selectorText) == ["[0][0]", "[1]"])
        #expect(try JSONDocument(parsing: SourceText("7")).scalars().map(\.selectorText) == [""])
    }

    @Test func duplicateKeysAreAllSelected() throws {
        let doc = try JSONDocument(parsing: SourceText(#"{"v": "1", "v": "2"}"#))
        #expect(try doc.select(Selector(parsing: "v")).map(\.value) == ["1", "2"])
    }

    /// Regression (found probing the fuzz harness): `scalars()` copied the path at every
    /// container, so 10,000 nested arrays took seconds for no slot at all.
    /// The paths it does give at that depth must still be right.
    @Test func scalarsOfTheDeepestAllowedNestingHaveTheirFullPath() throws {
        let depth = 9_999
        let text = String(repeating: "[", count: depth) + #""1.2.3", {"k": 2}"# + String(repeating: "]", count: depth)
        let doc = try JSONDocument(parsing: SourceText(text))
        let slots = doc.scalars()
        #expect(slots.map(\.value) == ["1.2.3", "2"])
        #expect(slots.first?.path == Array(repeating: .index(0), count: depth))
        #expect(slots.last?.path == Array(repeating: .index(0), count: depth - 1) + [.index(1), .key("k")])
        let empty = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONDocument(parsing: SourceText(empty)).scalars().isEmpty)
    }
}
