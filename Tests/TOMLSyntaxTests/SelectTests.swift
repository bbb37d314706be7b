import TOMLSyntax
import TemplateSyntax
import Testing

/// Selectors against TOML's kinds of tables and arrays, and what a miss says.
@Suite struct TOMLSelectTests {
    func values(_ text: String, _ selector: String) throws -> [String] {
        try parse(text).select(Selector(parsing: selector)).map(\.value)
    }

    @Test func pathsThroughEveryKindOfTable() throws {
        let text = """
            top = "t"
            project.version = "1"
            [tool.poetry]
            version = "2"
            [dependencies]
            serde = { version = "3", features = ["derive", "rc"] }
            "odd.key" = "4"
            [[bin]]
            name = "a"
            [[bin]]
            name = "b"
            [a.b.c]
            d = 5
            """
        #expect(try values(text, "top") == ["t"])
        #expect(try values(text, "project.version") == ["1"])
        #expect(try values(text, "tool.poetry.version") == ["2"])
        #expect(try values(text, "dependencies.serde.version") == ["3"])
        #expect(try values(text, "dependencies.serde.features[1]") == ["rc"])
        #expect(try values(text, #"dependencies."odd.key""#) == ["4"])
        #expect(try values(text, "bin[0].name") == ["a"])
        #expect(try values(text, "bin[*].name") == ["a", "b"])
        #expect(try values(text, "*.version") == ["1"])
        #expect(try values(text, "a.b.c.d") == ["5"])
        #expect(try values(text, "/bin/1/name") == ["b"])
        #expect(try values(text, "bin.name") == [])
        #expect(try values(text, "nothing") == [])
    }

    @Test func slotKinds() throws {
        let document = try parse("s = 's'\ni = 0x1F\nf = 1e3\nb = true\nd = 1979-05-27\nt = 07:32:00\n")
        let kinds = document.scalars().map { "\($0.selectorText)=\($0.kind.rawValue):\($0.value)" }
        #expect(kinds == ["s=string:s", "i=number:0x1F", "f=number:1e3", "b=bool:true", "d=expression:1979-05-27", "t=expression:07:32:00"])
    }

    @Test func scalarsAreInDocumentOrder() throws {
        let document = try parse("[a.b]\nx = 1\n[a]\ny = 2\n[[c]]\nz = [3, {w = 4}]\n")
        #expect(document.scalars().map(\.selectorText) == ["a.b.x", "a.y", "c[0].z[0]", "c[0].z[1].w"])
    }

    @Test func tablesAndArraysAreNotScalars() throws {
        let document = try parse("[project]\nversion = \"1\"\nlist = [1]\n[[bin]]\n")
        for selector in ["project", "project.list", "bin", "*"] {
            #expect(throws: TemplateError.self, "\(selector)") { try document.select(Selector(parsing: selector)) }
            #expect(document.exists(try Selector(parsing: selector)))
        }
    }

    @Test func missesNameTheDeepestPrefixAndItsKeys() throws {
        let document = try parse("[project]\nname = \"x\"\nversion = \"1\"\n[[bin]]\nname = \"a\"\n")
        #expect(document.explainMiss(try Selector(parsing: "project.verison"))?.message
            == "project has no key 'verison' (it has: name, version)")
        #expect(document.explainMiss(try Selector(parsing: "tool.poetry.version"))?.message
            == "the file has no top-level key 'tool' (it has: project, bin)")
        #expect(document.explainMiss(try Selector(parsing: "bin[3].name"))?.message == "bin has no item [3] (it has 1 item)")
        #expect(document.explainMiss(try Selector(parsing: "bin.name"))?.message
            == "bin is an array of tables, so it has no key 'name': select an item first, as bin[0]")
        #expect(document.explainMiss(try Selector(parsing: "project.name.x"))?.message
            == "project.name is the value \"x\", not a table, so it has no 'x'")
    }
}
