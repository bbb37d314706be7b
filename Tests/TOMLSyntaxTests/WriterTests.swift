import TOMLSyntax
import TemplateSyntax
import Testing

/// What an edit writes: the literal's own kind, escaped for it, or a refusal.
@Suite struct TOMLWriterTests {
    func write(_ text: String, _ selector: String, _ value: String) throws -> String {
        let document = try parse(text)
        let slot = try #require(try document.select(Selector(parsing: selector)).first)
        return try document.applyingVerified([SlotChange(slot: slot, value: value)]).document.source.string
    }

    func refusal(_ text: String, _ selector: String, _ value: String) throws -> TemplateError? {
        do {
            _ = try write(text, selector, value)
            return nil
        } catch let error as TemplateError {
            return error
        }
    }

    @Test func stringsKeepTheirKind() throws {
        #expect(try write("v = \"1\"\n", "v", #"a"b\c"#) == #"v = "a\"b\\c""# + "\n")
        #expect(try write("v = \"1\"\n", "v", "tab\tnl\ncr\r\u{01}") == #"v = "tab\tnl\ncr\r\u0001""# + "\n")
        #expect(try write("v = '1'\n", "v", #"C:\path "x""#) == #"v = 'C:\path "x"'"# + "\n")
        #expect(try write("v = \"\"\"1\"\"\"\n", "v", "a\"\"\"b") == "v = \"\"\"a\\\"\\\"\\\"b\"\"\"\n")
        #expect(try write("v = '''\r\n1'''\r\n", "v", "x'y") == "v = '''\r\nx'y'''\r\n")
        #expect(try write("v = '''1'''\n", "v", "\nfirst") == "v = '''\n\nfirst'''\n")
        #expect(try write("v = '''1'''\n", "v", "ends''") == "v = '''ends'''''\n")
    }

    @Test func literalStringsRefuseWhatTheyCannotHold() throws {
        #expect(try refusal("v = '1'\n", "v", "it's")?.kind == .value)
        #expect(try refusal("v = '1'\n", "v", "it's")?.message.contains("literal string") == true)
        #expect(try refusal("v = '1'\n", "v", "a\nb")?.kind == .value)
        #expect(try refusal("v = '''1'''\n", "v", "a'''b")?.kind == .value)
        #expect(try refusal("v = '''1'''\n", "v", "abc'''")?.kind == .value)
    }

    @Test func numbersAndBooleansStayValid() throws {
        #expect(try write("n = 1 # c\n", "n", "0x1F") == "n = 0x1F # c\n")
        #expect(try write("n = 1\n", "n", "-1.5e3") == "n = -1.5e3\n")
        #expect(try write("n = 1\n", "n", "inf") == "n = inf\n")
        #expect(try refusal("n = 1\n", "n", "1.2.3")?.kind == .value)
        #expect(try refusal("n = 1\n", "n", "01")?.kind == .value)
        #expect(try write("b = true\n", "b", "false") == "b = false\n")
        #expect(try refusal("b = true\n", "b", "yes")?.kind == .value)
        #expect(try refusal("d = 1979-05-27\n", "d", "2000-01-01")?.kind == .value)
    }

    /// Regression (found by the edit fuzzer, Fuzz/regressions/edit): an empty
    /// value for a number slot read the first byte of an empty word and trapped.
    @Test func anEmptyOrSignOnlyValueForANumberIsRefused() throws {
        for value in ["", "+", "-", "0x", "."] {
            #expect(try refusal("n = 3\n", "n", value)?.kind == .value, "\(value)")
        }
        #expect(try write("n = 3\n", "n", "0") == "n = 0\n")
    }

    @Test func alignmentAndCommentsSurvive() throws {
        let text = "[package]\nname    = \"x\"      # the name\nversion = \"0.1.0\"  # the version\n"
        #expect(try write(text, "package.version", "10.20.30")
            == "[package]\nname    = \"x\"      # the name\nversion = \"10.20.30\"  # the version\n")
    }
}
