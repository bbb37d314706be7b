import Foundation
import TOMLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// A conformance set written for this module: every construct of TOML 1.0,
/// valid and invalid, each checked against Python's `tomllib` as well.
@Suite struct TOMLConformanceTests {
    static let valid: [(String, String)] = [
        ("empty", ""),
        ("only a comment", "# nothing here"),
        ("blank lines", "\n\n  \n\t\n"),
        ("no final newline", "a = 1"),
        ("crlf", "a = 1\r\nb = \"x\"\r\n"),
        ("tabs", "\ta\t=\t\"x\"\t# c\n"),
        ("bare keys", "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\n"),
        ("quoted keys", "\"127.0.0.1\" = \"v\"\n\"character encoding\" = \"v\"\n'key2' = 'v'\n'quoted \"value\"' = 1\n"),
        ("empty quoted key", "\"\" = \"blank\"\n"),
        ("dotted keys", "name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true\n"),
        ("whitespace around dots", "fruit . color = \"yellow\"\nfruit\t.\tflavor = \"banana\"\n"),
        ("numeric dotted key", "3.14159 = \"pi\"\n"),
        ("dotted keys out of order", "apple.type = \"fruit\"\norange.type = \"fruit\"\napple.skin = \"thin\"\n"),
        ("comment after value", "a = \"x\" # comment\nb = 1# tight\n"),
        ("basic string escapes", #"s = "tab\t nl\n cr\r bs\b ff\f q\" bsl\\ u\u00E9 U\U0001F600""# + "\n"),
        ("basic string unicode", "s = \"Jos\u{E9} \u{1F600}\"\n"),
        ("basic string with tab", "s = \"a\tb\"\n"),
        ("literal string", #"winpath = 'C:\Users\nodejs\templates'"# + "\n" + #"regex = '<\i\c*\s*>'"# + "\n"),
        ("literal with quotes", #"q = 'Tom "Dubs" Preston'"# + "\n"),
        ("multi-line basic", "s = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"),
        ("multi-line basic crlf", "s = \"\"\"\r\nRoses\r\nViolets\"\"\"\r\n"),
        ("multi-line line-ending backslash", "s = \"\"\"\\\n    The quick \\\n    brown fox.\\\n    \"\"\"\n"),
        ("line-ending backslash with spaces", "s = \"\"\"a \\   \n  b\"\"\"\n"),
        ("multi-line basic quotes", "s = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\n"),
        ("multi-line basic four quotes", "s = \"\"\"Here are three: \"\"\\\".\"\"\"\"\n"),
        ("multi-line basic five quotes", "s = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\"\n"),
        ("multi-line literal", "re = '''I [dw]on't need \\d{2} apples'''\nlines = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n"),
        ("multi-line literal quotes", "q = ''''That,' she said, 'is still pointless.''''\napos15 = '''Here are fifteen apostrophes: ''\"''\"''\"''\"''\"'''\n"),
        ("empty strings", "a = \"\"\nb = ''\nc = \"\"\"\"\"\"\nd = ''''''\n"),
        ("integers", "a = +99\nb = 42\nc = 0\nd = -17\ne = +0\nf = -0\n"),
        ("integer underscores", "a = 1_000\nb = 5_349_221\nc = 53_49_221\nd = 1_2_3_4_5\n"),
        ("hex oct bin", "a = 0xDEADBEEF\nb = 0xdeadbeef\nc = 0xdead_beef\nd = 0o01234567\ne = 0o755\nf = 0b11010110\ng = 0x0\n"),
        ("64-bit bounds", "max = 9223372036854775807\nmin = -9223372036854775808\n"),
        ("floats", "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991_228\n"),
        ("special floats", "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n"),
        ("signed zero floats", "a = -0.0\nb = +0.0\nc = 0e0\n"),
        ("booleans", "a = true\nb = false\n"),
        ("offset date-times", "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27t07:32:00z\n"),
        ("local date-times", "a = 1979-05-27T07:32:00\nb = 1979-05-27T00:32:00.999999\nc = 1979-05-27 07:32:00\n"),
        ("local date", "a = 1979-05-27\nleap = 2000-02-29\n"),
        ("local time", "a = 07:32:00\nb = 00:32:00.999999\nc = 23:59:59.1234567\n"),
        ("date then comment", "a = 1979-05-27 # birthday\n"),
        ("arrays", "a = [ 1, 2, 3 ]\nb = [ \"red\", \"yellow\", \"green\" ]\nc = [ [ 1, 2 ], [3, 4, 5] ]\n"),
        ("mixed array", "numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\nmixed = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]\n"),
        ("empty arrays", "a = []\nb = [\n]\nc = [ # c\n]\n"),
        ("multi-line array with comments", "a = [\n  1, # one\n  2,\n  # standalone\n  3, # trailing comma\n]\n"),
        ("array of strings of every kind", "a = [ \"all\", 'strings', \"\"\"are the same\"\"\", '''type''' ]\n"),
        ("array of inline tables", "points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 } ]\n"),
        ("inline tables", "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\n"),
        ("empty inline table", "a = {}\nb = { }\n"),
        ("nested inline tables", "a = { b = { c = { d = 1 } }, e = [ { f = 2 } ] }\n"),
        ("inline dotted keys share tables", "a = { b.c = 1, b.d = 2 }\n"),
        ("tables", "[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456\n"),
        ("table with dotted and quoted header", "[dog.\"tater.man\"]\ntype.name = \"pug\"\n"),
        ("header whitespace", "[ g .  h  . i ]\nx = 1\n[ j . \"ʞ\" . 'l' ]\ny = 2\n"),
        ("implicit super-tables", "[x.y.z.w]\na = 1\n[x]\nb = 2\n"),
        ("super-table after sub-table", "[fruit.apple]\ncolor = 1\n[fruit]\nname = 2\n"),
        ("empty table", "[table]\n"),
        ("sub-table of dotted table", "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n"),
        ("dotted keys fill an implied table", "[a.b.c]\nz = 9\n[a]\nb.d = 1\n"),
        ("arrays of tables", "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]\n\n[[products]]\nname = \"Nail\"\nsku = 284758393\n"),
        ("nested arrays of tables", "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"\n"),
        ("table inside array of tables twice", "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n"),
        ("root keys before tables", "title = \"TOML\"\n[owner]\nname = \"Tom\"\n"),
        ("pyproject", "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[project]\nname = \"chromadb\"\nversion = \"0.5.20\"\ndependencies = [\"numpy >= 1.22.5\", 'pydantic>=1.9']\n\n[tool.poetry]\nversion = \"0.5.20\"\n"),
        ("cargo", "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = { version = \"1.0\", features = [\"derive\"] }\n\n[[bin]]\nname = \"a\"\npath = \"src/a.rs\"\n"),
        ("unicode in comments and strings", "# ℕ 日本\na = \"日本\" # ✓\n"),
        ("key that looks like a value", "true = 1\nfalse = 2\ninf = 3\n1979-05-27 = 5\n"),
        ("comment right after header", "[a]# c\n[[b]]  # c\n"),
        ("value then eof without newline in table", "[a]\nb = [1,\n2]"),
    ]

    static let invalid: [(String, String)] = [
        ("key without value", "key = # INVALID\n"),
        ("two pairs on a line", "first = \"Tom\" last = \"Preston-Werner\"\n"),
        ("bare key with dot missing part", "a. = 1\n"),
        ("empty bare key", "= \"no key name\"\n"),
        ("duplicate key", "name = \"Tom\"\nname = \"Pradyun\"\n"),
        ("duplicate quoted key", "spelling = \"favorite\"\n\"spelling\" = \"favourite\"\n"),
        ("key as value and table", "fruit.apple = 1\nfruit.apple.smooth = true\n"),
        ("table defined twice", "[fruit]\napple = \"red\"\n[fruit]\norange = \"orange\"\n"),
        ("table over a dotted table", "[fruit]\napple = \"red\"\n[fruit.apple]\ntexture = \"smooth\"\n"),
        ("header over dotted keys", "a.b = 1\n[a]\nc = 2\n"),
        ("dotted keys into a header table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n"),
        ("header over a value", "a = 1\n[a]\n"),
        ("header through a value", "a = 1\n[a.b]\n"),
        ("append to static array", "fruits = []\n[[fruits]]\n"),
        ("table over array of tables", "[[fruits]]\nname = \"apple\"\n[fruits]\n"),
        ("array of tables over table", "[fruit.physical]\ncolor = \"red\"\n[[fruit.physical]]\n"),
        ("array of tables over implied table", "[a.b]\n[[a]]\n"),
        ("extend inline table by dotted key", "[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n"),
        ("extend inline table by header", "[product]\ntype = { name = \"Nail\" }\n[product.type]\nedible = false\n"),
        ("duplicate key in inline table", "a = { b = 1, b = 2 }\n"),
        ("inline table over dotted", "a = { b = 1, b.c = 2 }\n"),
        ("inline table trailing comma", "a = { b = 1, }\n"),
        ("inline table newline", "a = { b = 1,\n c = 2 }\n"),
        ("inline table missing comma", "a = { b = 1 c = 2 }\n"),
        ("array missing comma", "a = [1 2]\n"),
        ("array leading comma", "a = [,1]\n"),
        ("array double comma", "a = [1,,2]\n"),
        ("unclosed array", "a = [1, 2\n"),
        ("unclosed inline table", "a = { b = 1\n"),
        ("unterminated basic string", "a = \"abc\n"),
        ("unterminated literal string", "a = 'abc\n"),
        ("unterminated multi-line basic", "a = \"\"\"abc\n"),
        ("unterminated multi-line literal", "a = '''abc\n"),
        ("invalid escape", "a = \"\\x41\"\n"),
        ("invalid escape \\e", "a = \"\\e\"\n"),
        ("short unicode escape", "a = \"\\u00\"\n"),
        ("surrogate escape", "a = \"\\uD800\"\n"),
        ("escape past U+10FFFF", "a = \"\\U00110000\"\n"),
        ("control character in string", "a = \"a\u{01}b\"\n"),
        ("DEL in string", "a = \"a\u{7F}b\"\n"),
        ("control character in literal", "a = 'a\u{08}b'\n"),
        ("control character in comment", "# a\u{01}b\na = 1\n"),
        ("lone CR", "a = 1\rb = 2\n"),
        ("CR in string", "a = \"\"\"a\rb\"\"\"\n"),
        ("six quotes closing", "a = \"\"\"abc\"\"\"\"\"\"\n"),
        ("multi-line key", "\"\"\"k\"\"\" = 1\n"),
        ("leading zero", "a = 012\n"),
        ("leading zero float", "a = 03.14\n"),
        ("double underscore", "a = 1__000\n"),
        ("trailing underscore", "a = 1000_\n"),
        ("leading underscore", "a = _1000\n"),
        ("signed hex", "a = +0xFF\n"),
        ("capital hex prefix", "a = 0XFF\n"),
        ("bad octal digit", "a = 0o8\n"),
        ("float without integer part", "a = .7\n"),
        ("float without fraction", "a = 7.\n"),
        ("float dot before exponent", "a = 3.e+20\n"),
        ("capital INF", "a = INF\n"),
        ("bare word", "a = nope\n"),
        ("unquoted version", "version = 1.2.3\n"),
        ("capital TRUE", "a = TRUE\n"),
        ("month 13", "a = 1979-13-27\n"),
        ("february 30", "a = 2001-02-29\n"),
        ("hour 24", "a = 24:00:00\n"),
        ("time without seconds", "a = 07:32\n"),
        ("date with trailing T", "a = 1979-05-27T\n"),
        ("bad offset", "a = 1979-05-27T07:32:00+7:00\n"),
        ("unclosed header", "[a\nb = 1\n"),
        ("array header closed with one bracket", "[[a]\n"),
        ("spaced double bracket", "[ [a] ]\n"),
        ("empty header", "[]\n"),
        ("text after header", "[a] b = 1\n"),
        ("nested too deep", String(repeating: "[", count: 300) + String(repeating: "]", count: 300)),
        ("invalid UTF-8", "a = \"\u{FFFD}\"\n"),
    ]

    func write(_ cases: [(String, String)], to scratch: Scratch, prefix: String) throws -> [String] {
        try cases.enumerated().map { (i, item) in
            var bytes = Array(item.1.utf8)
            if item.0 == "invalid UTF-8" { bytes = Array("a = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8) }
            return try scratch.write("\(prefix)-\(i).toml", bytes: bytes)
        }
    }

    @Test func validSnippetsParseRoundTripAndAgreeWithTomllib() throws {
        #expect(TOMLConformanceTests.valid.count >= 60)
        let scratch = try Scratch()
        let paths = try write(TOMLConformanceTests.valid, to: scratch, prefix: "valid")
        let reference = try tomllibReference(paths)
        for ((name, text), path) in zip(TOMLConformanceTests.valid, paths) {
            let expected = reference[path]
            #expect(expected?.accepted == true, "tomllib rejects the valid case '\(name)': \(expected?.error ?? "")")
            do {
                let document = try parse(text)
                #expect(treeProblems(document).isEmpty, "\(name): \(treeProblems(document))")
                #expect(ourLeaves(document) == expected?.leaves, "\(name): values differ from tomllib")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func invalidSnippetsAreRejectedByUsAndByTomllib() throws {
        #expect(TOMLConformanceTests.invalid.count >= 40)
        let scratch = try Scratch()
        let paths = try write(TOMLConformanceTests.invalid, to: scratch, prefix: "invalid")
        let reference = try tomllibReference(paths)
        for ((name, _), path) in zip(TOMLConformanceTests.invalid, paths) {
            #expect(reference[path]?.accepted == false, "tomllib accepts the invalid case '\(name)'")
            let bytes = try Corpora.bytes(URL(fileURLWithPath: path))
            let error = parseError(bytes)
            #expect(error?.kind == .syntax, "\(name): we accept it")
            if let offset = error?.offset { #expect(offset >= 0 && offset <= bytes.count, "\(name): error offset \(offset)") }
        }
    }
}
