import PythonSyntax
import TemplateSyntax
import Testing

func document(_ text: String) throws -> PythonDocument {
    try PythonDocument(parsing: SourceText(text))
}

func selected(_ text: String, _ selector: String) throws -> [Slot] {
    try document(text).select(Selector(parsing: selector))
}

@Suite struct PythonSelectTests {
    @Test func literalKinds() throws {
        let text = """
            S = "1.0"
            N = 42
            M = -1.5e3
            T = True
            F = False
            Z = None
            B = b"1.0"

            """
        let doc = try document(text)
        let slots = doc.scalars()
        #expect(slots.map(\.selectorText) == ["S", "N", "M", "T", "F", "Z"])
        #expect(slots.map(\.kind) == [.string, .number, .number, .bool, .bool, .null])
        #expect(slots.map(\.value) == ["1.0", "42", "-1.5e3", "True", "False", "None"])
        let bytes = try doc.select(Selector(parsing: "B"))
        #expect(bytes.map(\.kind) == [.expression] && bytes.first?.value == "b\"1.0\"")
        #expect(doc.source.text(slots[0].range) == "\"1.0\"")
        #expect(doc.source.text(slots[2].range) == "-1.5e3")
    }

    @Test func annotatedAssignment() throws {
        let slots = try selected("__version__: str = \"1.0\"\nbare: int\n", "__version__")
        #expect(slots.map(\.value) == ["1.0"] && slots.first?.kind == .string)
        #expect(try selected("bare: int\n", "bare").isEmpty)
        let nested = try selected("x: Annotated[int, Field(default=1)] = 5\n", "x")
        #expect(nested.map(\.value) == ["5"])
    }

    @Test func chainedAssignmentGivesEachNameItsPath() throws {
        let doc = try document("A = B = \"1\"\n")
        let slots = doc.scalars()
        #expect(slots.map(\.selectorText) == ["A", "B"])
        #expect(slots[0].range == slots[1].range)
        #expect(try doc.select(Selector(parsing: "B")).map(\.value) == ["1"])
        // Changing A alone would change B too: refused, never done silently.
        #expect { try doc.applyingVerified([SlotChange(slot: slots[0], value: "2")]) } throws: { error in
            (error as? TemplateError)?.message.contains("'B' shares its literal with 'A'") == true
        }
        let (edited, _) = try doc.applyingVerified(slots.map { SlotChange(slot: $0, value: "2") })
        #expect(edited.source.string == "A = B = \"2\"\n")
    }

    @Test func tuplesOfLiterals() throws {
        let doc = try document("__version_info__ = (1, 2, 3)\nbare = 1, \"b\",\none = (1,)\nparenthesized = (\"1.0\")\n")
        #expect(try doc.select(Selector(parsing: "__version_info__[1]")).map(\.value) == ["2"])
        #expect(try doc.select(Selector(parsing: "__version_info__[*]")).map(\.value) == ["1", "2", "3"])
        #expect(try doc.select(Selector(parsing: "bare[1]")).map(\.value) == ["b"])
        #expect(try doc.select(Selector(parsing: "one[0]")).map(\.value) == ["1"])
        #expect(try doc.select(Selector(parsing: "parenthesized")).map(\.kind) == [.string])
        #expect(doc.scalars().map(\.selectorText) == [
            "__version_info__[0]", "__version_info__[1]", "__version_info__[2]", "bare[0]", "bare[1]", "one[0]", "parenthesized",
        ])
        #expect(throws: TemplateError.self) { try doc.select(Selector(parsing: "__version_info__")) }
        #expect(try doc.select(Selector(parsing: "__version_info__[5]")).isEmpty)
        let why = doc.explainMiss(try Selector(parsing: "__version_info__[5]"))
        #expect(why?.message == "'__version_info__' is a tuple of 3 values; [5] selects none of them")
        // A tuple with anything but literals is an expression.
        #expect(try selected("V = (1, 2, x)\n", "V").map(\.kind) == [.expression])
    }

    @Test(arguments: [
        ("x = get_version()", "get_version()"),
        ("x = f\"{v}\"", "f\"{v}\""),
        ("x = \"a\" \"b\"", "\"a\" \"b\""),
        ("x = \"a\" if y else \"b\"", "\"a\" if y else \"b\""),
        ("x = version", "version"),
        ("x = pkg.version", "pkg.version"),
        ("x = \"%s\" % v", "\"%s\" % v"),
        ("x = [1, 2]", "[1, 2]"),
        ("x = (\n    get()  # why\n)", "(\n    get()  # why\n)"),
    ])
    func expressions(_ line: String, _ text: String) throws {
        let slots = try selected(line + "\n", "x")
        #expect(slots.map(\.kind) == [.expression])
        #expect(slots.first?.value == text)
        #expect(try document(line + "\n").scalars().isEmpty)
    }

    @Test func expressionsAreNeverRewritten() throws {
        let doc = try document("__version__ = get_version()\n")
        let slot = try #require(try doc.select(Selector(parsing: "__version__")).first)
        #expect(slot.kind == .expression)
        #expect {
            _ = try doc.replacement(for: slot, with: "1.2.3")
        } throws: { error in
            (error as? TemplateError)
                == TemplateError(
                    .value, "'__version__' is bound to an expression (get_version()), not a literal; tplpatch only rewrites literals", at: 14)
        }
    }

    @Test func onlyModuleLevelAssignmentsAreSelected() throws {
        let text = """
            import os
            if os.environ.get("X"):
                __version__ = "1"
            def f():
                __version__ = "2"
            class C:
                __version__ = "3"
            try:
                __version__ = "4"
            except ImportError:
                pass
            if True: __version__ = "5"; other = "6"
            @decorator
            def g(): pass
            a = 1; __version__ = "7"  # the one

            """
        let doc = try document(text)
        #expect(try doc.select(Selector(parsing: "__version__")).map(\.value) == ["7"])
        #expect(doc.scalars().map(\.selectorText) == ["a", "__version__"])
        #expect(try doc.select(Selector(parsing: "other")).isEmpty)
        #expect(doc.nodes.filter { $0.kind == .compoundStatement }.count == 8)
    }

    @Test func duplicateAssignmentIsAnErrorWithBothPositions() throws {
        let source = SourceText("__version__ = \"1\"\nx = 1\n__version__ = \"2\"\n")
        let doc = try PythonDocument(parsing: source)
        do {
            _ = try doc.select(Selector(parsing: "__version__"))
            Issue.record("a duplicate assignment was not reported")
        } catch let error as TemplateError {
            #expect(error.kind == .selection)
            #expect(error.message == "'__version__' is assigned 2 times at module level; tplpatch will not guess which one is the version")
            #expect(source.location(of: error.offset ?? -1).description == "3:1")
            #expect(error.notes.map(\.message) == ["first assigned here"])
            #expect(error.notes.map { source.location(of: $0.offset).description } == ["1:1"])
        }
        // Other names stay selectable.
        #expect(try doc.select(Selector(parsing: "x")).map(\.value) == ["1"])
    }

    @Test func explainMissListsTheAssignedNames() throws {
        let names = (1...14).map { "n\($0) = \($0)" }.joined(separator: "\n")
        let doc = try document(names + "\n")
        let why = doc.explainMiss(try Selector(parsing: "__version__"))
        #expect(why?.kind == .selection)
        #expect(why?.message == "'__version__' is not assigned at module level (names assigned there: n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, ...)")
        let empty = try document("import os\n").explainMiss(try Selector(parsing: "__version__"))
        #expect(empty?.message == "'__version__' is not assigned at module level (nothing is)")
        let deeper = try document("v = \"1\"\n").explainMiss(try Selector(parsing: "v.major"))
        #expect(deeper?.message == "'v' is bound to a string, so it has no 'major'")
    }

    @Test func stringsDecodeAsPythonReadsThem() throws {
        let text = #"""
            a = "tab\there \x41\101\u00e9\U0001F600 \N{BULLET} \q \"q\" \\"
            b = r"raw\n\"stays\""
            c = '''line
            two'''
            d = u'un\
            joined'
            e = 'x\ud800y'

            """#
        let doc = try document(text)
        let values = Dictionary(uniqueKeysWithValues: doc.scalars().map { ($0.selectorText, $0.value) })
        #expect(values["a"] == "tab\there AAé😀 • \\q \"q\" \\")
        #expect(values["b"] == #"raw\n\"stays\""#)
        #expect(values["c"] == "line\ntwo")
        #expect(values["d"] == "unjoined")
        #expect(values["e"] == "x\u{FFFD}y")
        // Python reads CR LF inside a literal as LF.
        let crlf = try document("c = '''a\r\nb'''\r\n")
        #expect(crlf.scalars().first?.value == "a\nb")
    }

    @Test func treeNodesAreNamedAfterTheGrammar() throws {
        let doc = try document("x: int = (1, -2)\ny = z = \"s\"\nimport os\nif x:\n    pass\n")
        #expect(doc.nodes.map(\.kind.production) == [
            "simple_statements", "annotated_assignment", "target", "annotation", "tuple", "number", "number",
            "simple_statements", "assignment", "target", "target", "string",
            "simple_statements", "other_statement",
            "compound_statement",
        ])
        #expect(doc.statements.count == 4)
    }
}
