import Foundation
import TemplateSyntax
import Testing
import YAMLSyntax

/// Nesting deeper than `YAMLDocument.maximumDepth` is refused at the first
/// collection past the limit, with its position. libyaml's scanner works in
/// proportion to the flow depth for every token, so without the bound a
/// 200 KB file of `[` took minutes; with it, libyaml stops a kilobyte or so
/// past the refused collection.
@Suite struct YAMLDepthTests {
    /// The error for `text` and where it points, as `line:column`.
    func refusal(_ text: String) -> (message: String, at: String)? {
        let source = SourceText(text)
        do {
            _ = try YAMLDocument(parsing: source)
            return nil
        } catch {
            return (error.message, error.offset.map { source.location(of: $0).description } ?? "-")
        }
    }

    static let deep = 100_000

    @Test func flowSequencesInAMapping() throws {
        let text = "a: " + String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep) + "\n"
        let error = try #require(refusal(text))
        #expect(error.message == "nesting is deeper than 1000 levels (collections inside collections)")
        // The mapping is level 1, so the 1000th `[` is the first too deep.
        #expect(error.at == "1:1003")
    }

    @Test func flowMappings() throws {
        let text = String(repeating: "{a: ", count: Self.deep) + String(repeating: "}", count: Self.deep) + "\n"
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("nesting is deeper than 1000 levels"))
        #expect(error.at == "1:4001")
    }

    @Test func flowCollectionsOverManyLines() throws {
        let text = String(repeating: "[\n", count: Self.deep) + String(repeating: "]\n", count: Self.deep)
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("nesting is deeper than 1000 levels"))
        #expect(error.at == "1001:1")
    }

    @Test func blockSequences() throws {
        let text = String(repeating: "- ", count: Self.deep) + "x\n"
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("nesting is deeper than 1000 levels"))
        #expect(error.at == "1:2001")
    }

    /// Block mappings, each key one space deeper than the one before. A
    /// file 100,000 deep this way would be 5 GB; 5,000 levels is 12.5 MB.
    @Test func deepIndentation() throws {
        var text = ""
        for level in 0..<5000 { text += String(repeating: " ", count: level) + "a:\n" }
        text += String(repeating: " ", count: 5000) + "x\n"
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("nesting is deeper than 1000 levels"))
        #expect(error.at == "1001:1001")
    }

    @Test func blockSequencesOfMappings() throws {
        var text = ""
        for level in 0..<3000 { text += String(repeating: "  ", count: level) + "- a:\n" }
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("nesting is deeper than 1000 levels"))
        // Each line opens a sequence and a mapping: the 1001st collection is
        // line 501's sequence.
        #expect(error.at == "501:1001")
    }

    @Test func theLimitItselfIsAccepted() throws {
        let depth = YAMLDocument.maximumDepth
        let atLimit = String(repeating: "[", count: depth) + "1.0" + String(repeating: "]", count: depth) + "\n"
        let document = try YAMLDocument(parsing: SourceText(atLimit))
        #expect(document.scalars().map(\.value) == ["1.0"])
        let past = "[" + atLimit
        #expect(refusal(past)?.at == "1:\(depth + 1)")
    }

    @Test func depthCountsPerDocumentNotAcrossTheStream() throws {
        let one = String(repeating: "[", count: 600) + "x" + String(repeating: "]", count: 600) + "\n"
        let document = try YAMLDocument(parsing: SourceText(one + "---\n" + one))
        #expect(document.documents.count == 2)
    }
}
