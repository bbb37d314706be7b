import PythonSyntax
import TemplateSyntax
import Testing

@Suite struct PythonLexerTests {
    @Test func placeholder() throws {
        let document = try PythonDocument(parsing: SourceText("x = 1\n"))
        #expect(document.printed() == Array("x = 1\n".utf8))
    }
}
