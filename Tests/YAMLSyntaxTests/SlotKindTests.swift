import TemplateSyntax
import Testing
import YAMLSyntax

/// Slot kinds: the YAML 1.2 core schema for plain scalars, strings for quoted
/// and block scalars, expressions for tags outside the core schema.
@Suite struct SlotKindTests {
    @Test(arguments: [
        ("", Slot.Kind.null), ("~", .null), ("null", .null), ("NULL", .null),
        ("true", .bool), ("False", .bool), ("yes", .string), ("on", .string),
        ("1", .number), ("-12", .number), ("0o17", .number), ("0x1F", .number), ("1.10", .number), (".5", .number),
        ("1e3", .number), ("-.inf", .number), (".NaN", .number),
        ("1.2.3", .string), ("0.5.20", .string), ("v1", .string), ("1_000", .string), ("0b101", .string), ("1.", .number),
    ])
    func coreSchema(_ text: String, _ kind: Slot.Kind) {
        #expect(YAMLScalar.coreSchemaKind(of: text) == kind)
    }

    @Test func quotedAndBlockScalarsAreStrings() throws {
        let document = try yaml("a: '1'\nb: \"true\"\nc: |\n  3\nd: 4\n")
        #expect(try ["a", "b", "c", "d"].map { try document.slot($0).kind } == [.string, .string, .string, .number])
    }

    @Test func cloudFormationShortFormsAreExpressions() throws {
        let text = """
            Resources:
              Instance:
                Properties:
                  ImageId: !Ref AmiId
                  UserData: !Base64
                    Fn::Sub: "echo ${ChromaVersion}"
                  Name: !Sub "chroma-${ChromaVersion}"
                  Zone: !Select [0, !GetAZs ""]
                  Tagged: !!str 1.2
            """
        let document = try yaml(text)
        let ref = try document.slot("Resources.Instance.Properties.ImageId")
        #expect(ref.kind == .expression)
        #expect(ref.value == "!Ref AmiId")
        let sub = try document.slot("Resources.Instance.Properties.Name")
        #expect(sub.kind == .expression)
        #expect(sub.value == "!Sub \"chroma-${ChromaVersion}\"")
        #expect(try document.slot("Resources.Instance.Properties.UserData.\"Fn::Sub\"").kind == .string)
        #expect(try document.slot("Resources.Instance.Properties.Zone[1]").kind == .expression)
        #expect(try document.slot("Resources.Instance.Properties.Tagged").kind == .string)
        #expect(throws: TemplateError.self) { try document.replacement(for: ref, with: "x") }
    }

    @Test func collectionMatchThrowsSelection() throws {
        let document = try yaml("a:\n  b: 1\nl: [1]\n")
        for selector in ["a", "l"] {
            #expect {
                _ = try document.slots(selector)
            } throws: { ($0 as? TemplateError)?.kind == .selection }
        }
        #expect(document.exists(try Selector(parsing: "a")))
    }

    @Test func explainMissNamesTheKeysThatExist() throws {
        let document = try yaml("Parameters:\n  ChromaVersion:\n    Default: 1\n  Other: {}\n")
        let error = document.explainMiss(try Selector(parsing: "Parameters.Chroma.Default"))
        #expect(error?.message == "'Parameters' has no key Chroma (its keys: ChromaVersion, Other)")
        #expect(document.explainMiss(try Selector(parsing: "Parameters.ChromaVersion.Default")) == nil)
        #expect(document.explainMiss(try Selector(parsing: "Parameters.ChromaVersion.Default.x"))?.message == "'Parameters.ChromaVersion.Default' is a scalar, so it has no 'x'")
    }
}
