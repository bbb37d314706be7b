import TemplateSyntax
import Testing
import YAMLSyntax

/// A selector applies to every document of a stream; the document index is
/// not part of a path.
@Suite struct MultiDocumentTests {
    static let text = """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          image: chroma:0.5.20
        ---
        apiVersion: v1
        kind: Service
        ---
        apiVersion: batch/v1
        kind: Job
        spec:
          image: chroma:0.5.20
        ...

        """

    @Test func selectorReachesEveryDocument() throws {
        let document = try yaml(Self.text)
        #expect(document.documents.count == 3)
        let images = try document.slots("spec.image")
        #expect(images.count == 2)
        #expect(images.map(\.value) == ["chroma:0.5.20", "chroma:0.5.20"])
        #expect(try document.slots("kind").map(\.value) == ["Deployment", "Service", "Job"])
    }

    @Test func bothDocumentsAreEditedTogether() throws {
        let document = try yaml(Self.text)
        let changes = try document.slots("spec.image").map { SlotChange(slot: $0, value: "chroma:1.2.3") }
        let (result, edits) = try document.applyingVerified(changes)
        #expect(edits.count == 2)
        #expect(result.source.string == Self.text.replacingOccurrences(of: "chroma:0.5.20", with: "chroma:1.2.3"))
    }

    @Test func anchorsBelongToTheirDocument() throws {
        let document = try yaml("a: &x 1\n---\nb: *x\n")
        #expect(try document.slots("b").isEmpty)
    }

    @Test func emptyStreamHasNoDocuments() throws {
        let document = try yaml("# only a comment\n")
        #expect(document.documents.isEmpty)
        #expect(try document.slots("a").isEmpty)
        #expect(document.scalars().isEmpty)
        #expect(document.printed() == Array("# only a comment\n".utf8))
        #expect(try yaml("").documents.isEmpty)
    }
}
