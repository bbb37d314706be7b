import PythonSyntax
import TemplateSyntax
import Testing

/// Writes `value` into the one slot of `x` and returns the new text, verified.
func written(_ text: String, _ value: String, selector: String = "x") throws -> String {
    let doc = try PythonDocument(parsing: SourceText(text))
    let slots = try doc.select(Selector(parsing: selector))
    let (edited, _) = try doc.applyingVerified(slots.map { SlotChange(slot: $0, value: value) })
    return edited.source.string
}

func refusal(_ text: String, _ value: String) -> TemplateError? {
    do {
        _ = try written(text, value)
        return nil
    } catch {
        return error as? TemplateError
    }
}

@Suite struct PythonWriteTests {
    @Test(arguments: ["", "r", "u", "R", "U"])
    func everyPrefixAndQuoteStyleIsKept(_ prefix: String) throws {
        for quote in ["'", "\"", "'''", "\"\"\""] {
            let result = try written("x = \(prefix)\(quote)0.5.20\(quote)\n", "1.2.3")
            #expect(result == "x = \(prefix)\(quote)1.2.3\(quote)\n")
        }
    }

    @Test func quotesAndBackslashesAreEscapedForTheLiteral() throws {
        #expect(try written("x = \"1\"\n", #"a"b\c'd"#) == #"x = "a\"b\\c'd""# + "\n")
        #expect(try written("x = '1'\n", #"a"b\c'd"#) == #"x = 'a"b\\c\'d'"# + "\n")
        #expect(try written("x = \"\"\"1\"\"\"\n", #"a"b""c""#) == #"x = """a"b\""c\"""""# + "\n")
        #expect(try written("x = '''1'''\n", "it's") == "x = '''it's'''\n")
    }

    @Test func lineBreaksOnlyLiteralInTripleQuotes() throws {
        #expect(try written("x = '1'\n", "a\nb\tc\r") == #"x = 'a\nb\tc\r'"# + "\n")
        #expect(try written("x = '''1'''\n", "a\nb") == "x = '''a\nb'''\n")
        // A CR LF file gets CR LF inside the literal too.
        #expect(try written("y = 0\r\nx = '''1'''\r\n", "a\nb") == "y = 0\r\nx = '''a\r\nb'''\r\n")
        #expect(try written("x = '1'\n", "\u{0}\u{7F}") == #"x = '\x00\x7f'"# + "\n")
    }

    @Test func rawStringsTakeOnlyWhatTheyCanHold() throws {
        #expect(try written("x = r'1'\n", #"C:\path\"#  + "x") == #"x = r'C:\path\x'"# + "\n")
        #expect(try written("x = r'1'\n", #"a\'b"#) == #"x = r'a\'b'"# + "\n")
        #expect(try written("x = r'''1'''\n", "a\nb'c") == "x = r'''a\nb'c'''\n")
        let endsWithBackslash = refusal("x = r'1'\n", #"a\"#)
        #expect(endsWithBackslash?.kind == .value)
        #expect(endsWithBackslash?.message == #"'x' is the raw string r'1'; 'a\' cannot be written there: a raw string cannot end with an odd number of backslashes"#)
        #expect(refusal("x = r'1'\n", "it's")?.message.hasSuffix("a raw string cannot hold an unescaped ' (its delimiter), and a raw string has no escapes") == true)
        #expect(refusal("x = r'1'\n", "a\nb")?.message.hasSuffix("a single-quoted raw string cannot hold a line break") == true)
        #expect(refusal("x = R\"\"\"1\"\"\"\n", "a\"")?.kind == .value)
        #expect(refusal("x = r'''1'''\n", "a'''b")?.kind == .value)
    }

    @Test func nonUTF8FilesGetEscapes() throws {
        #expect(try written("# -*- coding: latin-1 -*-\nx = '1'\n", "é€") == "# -*- coding: latin-1 -*-\nx = '\\xe9\\u20ac'\n")
        #expect(try written("# coding=utf-8\nx = '1'\n", "é") == "# coding=utf-8\nx = 'é'\n")
    }

    @Test func numbersBoolsAndNone() throws {
        #expect(try written("x = 1\n", "2.5") == "x = 2.5\n")
        #expect(try written("x = 1\n", "-3") == "x = -3\n")
        #expect(try written("x = - 1\n", "0x1F") == "x = 0x1F\n")
        #expect(try written("x = (1, 2)\n", "1_000", selector: "x[1]") == "x = (1, 1_000)\n")
        #expect(refusal("x = 1\n", "1.2.3")?.message == "'x' holds the number 1; '1.2.3' is not a Python number, and writing it as a string would change the value's type")
        #expect(refusal("x = 1\n", "017")?.kind == .value)
        #expect(try written("x = True\n", "False") == "x = False\n")
        #expect(refusal("x = True\n", "false")?.message == "'x' holds a bool; write True or False, not 'false'")
        #expect(refusal("x = None\n", "1")?.kind == .value)
    }

    @Test func validNumbers() {
        for good in ["0", "00", "7", "1_000", "0x_ff", "0o17", "0b1", "1.", ".5", "1e10", "1E-5", "2j", "1.5J", "-4", "0_0"] {
            #expect(PythonNumber.isValid(good), "\(good)")
        }
        for bad in ["", "-", "1.2.3", "017", "1__0", "1_", "0x", "abc", "1e", "+1", "1 ", "--1", "0xg"] {
            #expect(!PythonNumber.isValid(bad), "\(bad)")
        }
    }
}
