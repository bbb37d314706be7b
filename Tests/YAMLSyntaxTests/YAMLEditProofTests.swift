import TemplateSyntax
import Testing
import YAMLSyntax

/// `provesOnlyEdits` lets the verified edit skip listing every scalar of both
/// documents; it must say true for a real edit and false for anything else.
@Suite struct YAMLEditProofTests {
    /// The edits for `changes`, the edited document, and the proof's answer.
    func prove(_ text: String, _ changes: [(String, String)]) throws -> (Bool, YAMLDocument) {
        let document = try yaml(text)
        let wanted = try changes.map { SlotChange(slot: try document.slot($0.0), value: $0.1) }
        let edits = try TextEdit.normalized(wanted.map { try document.replacement(for: $0.slot, with: $0.value) }, count: text.utf8.count)
        let edited = try YAMLDocument(parsing: document.source.applying(edits))
        return (document.provesOnlyEdits(edits, changes: wanted, in: edited), edited)
    }

    let compose = """
        # services
        x-base: &base
          image: "registry.example.com/app:1.2.3"
          restart: always
        services:
          web:
            <<: *base
            ports: ["80:80", '443:443']
            command: |
              run --port 80
          db: {image: postgres:15, size: 10}
        ---
        kind: Deployment
        spec:
          replicas: 3
          image: registry.example.com/app:1.2.3 # pinned
        """

    @Test func realEditsAreProven() throws {
        #expect(try prove(compose, [("spec.replicas", "5")]).0)
        #expect(try prove(compose, [("x-base.image", "registry.example.com/app:1.10.0")]).0)
        #expect(try prove(compose, [("services.db.image", "postgres:16.1")]).0)
        #expect(try prove(compose, [("services.web.command", "run --port 8080\n")]).0)
        #expect(try prove(compose, [("spec.image", "registry.example.com/app:2.0.0"), ("services.web.ports[1]", "8443:443")]).0)
        // Plain to double-quoted: the style of a changed scalar may change.
        #expect(try prove(compose, [("services.db.image", "a: b")]).0)
    }

    @Test func anAliasReadingTheChangedAnchorIsFine() throws {
        let text = "a: &v 1.2.3\nb: *v\nc: [*v, x]\n"
        #expect(try prove(text, [("a", "1.2.4")]).0)
    }

    @Test func aChangedKeyIsNotProven() throws {
        let text = "k: &name key\n? *name\n: 1\n"
        // The anchor is also a key, through the alias: other paths read it.
        #expect(try !prove(text, [("k", "other")]).0)
    }

    @Test func anEditNobodyAskedForIsNotProven() throws {
        let document = try yaml("a: 1\nb: 2\n")
        let change = SlotChange(slot: try document.slot("a"), value: "3")
        let edit = try document.replacement(for: change.slot, with: change.value)
        let other = TextEdit(range: try document.slot("b").range, replacement: "4")
        let edits = try TextEdit.normalized([edit, other], count: document.source.count)
        let edited = try YAMLDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: [change], in: edited))
        // The same edited text, claimed to come from the one edit only.
        #expect(!document.provesOnlyEdits([edit], changes: [change], in: edited))
    }

    @Test func aDifferentValueIsNotProven() throws {
        let document = try yaml("a: 1\nb: 2\n")
        let change = SlotChange(slot: try document.slot("a"), value: "3")
        let edit = try document.replacement(for: change.slot, with: change.value)
        let edited = try YAMLDocument(parsing: document.source.applying([edit]))
        #expect(document.provesOnlyEdits([edit], changes: [change], in: edited))
        #expect(!document.provesOnlyEdits([edit], changes: [SlotChange(slot: change.slot, value: "4")], in: edited))
    }

    @Test func aChangedStructureIsNotProven() throws {
        let document = try yaml("a: 1\nb: 2\n")
        let slot = try document.slot("a")
        for replacement in ["[1]", "{x: 1}", "&n 1", "!!str 1", "1\nc: 3", "*n"] {
            let edit = TextEdit(range: slot.range, replacement: replacement)
            guard let edited = try? YAMLDocument(parsing: document.source.applying([edit])) else { continue }
            #expect(!document.provesOnlyEdits([edit], changes: [SlotChange(slot: slot, value: replacement)], in: edited), "\(replacement)")
        }
    }

    @Test func aForgedDocumentIsNotProven() throws {
        let (proven, _) = try prove(compose, [("spec.replicas", "5")])
        #expect(proven)
        let document = try yaml(compose)
        let change = SlotChange(slot: try document.slot("spec.replicas"), value: "5")
        let edit = try document.replacement(for: change.slot, with: change.value)
        // Same edit, but another byte of the text differs too (a comment, a quote style, an anchor name).
        for (from, to) in [("# services", "# Services"), ("'443:443'", "\"443:443\""), ("&base", "&bass"), ("size: 10", "size: 11")] {
            let forged = try YAMLDocument(parsing: SourceText(compose.replacingOccurrences(of: from, with: to)).applying([edit]))
            #expect(!document.provesOnlyEdits([edit], changes: [change], in: forged), "\(from)")
        }
    }

    @Test func applyingVerifiedStillAgrees() throws {
        let document = try yaml(compose)
        let (result, _) = try document.applyingVerified([SlotChange(slot: try document.slot("spec.replicas"), value: "5")])
        #expect(result.source.string == compose.replacingOccurrences(of: "replicas: 3", with: "replicas: 5"))
    }
}
