import TemplateSyntax
import Testing
import YAMLSyntax

/// An alias is never edited: its value lives at the anchor, and `select`
/// reaching an alias gives the anchored scalar's slot, once.
@Suite struct AnchorAliasTests {
    static let text = """
        defaults: &version 1.2.3
        server:
          version: *version
        worker:
          version: *version
        base: &base
          image: app:1.0
        job:
          <<: *base
          name: job
        """

    @Test func aliasYieldsTheAnchoredSlot() throws {
        let document = try yaml(Self.text)
        let anchor = try document.slot("defaults")
        let viaAlias = try document.slot("server.version")
        #expect(viaAlias.range == anchor.range)
        #expect(document.text(of: viaAlias) == "1.2.3")
        // Three paths reach one scalar: one slot.
        let all = try document.slots("*.version") + document.slots("defaults")
        #expect(Set(all.map(\.range)).count == 1)
        #expect(try document.slots("*.version").count == 1)
    }

    @Test func scalarsListAnchoredScalarsOnce() throws {
        let document = try yaml(Self.text)
        let scalars = document.scalars()
        #expect(scalars.filter { $0.value == "1.2.3" }.count == 1)
        #expect(scalars.map(\.selectorText) == ["defaults", "base.image", "job.name"])
    }

    @Test func selectGoesThroughAnAliasedMapping() throws {
        let document = try yaml(Self.text)
        #expect(try document.slot("job.\"<<\".image").value == "app:1.0")
    }

    @Test func editingThroughAnAliasEditsTheAnchor() throws {
        let document = try yaml(Self.text)
        let edited = try document.editing("worker.version", to: "2.0.0")
        #expect(edited == Self.text.replacingOccurrences(of: "&version 1.2.3", with: "&version 2.0.0"))
    }

    @Test func aliasToNothingSelectsNothing() throws {
        // libyaml's parser accepts an undefined alias; so do we, and it names nothing.
        let document = try yaml("a: *nowhere\nb: 1\n")
        #expect(try document.slots("a").isEmpty)
        #expect(document.explainMiss(try Selector(parsing: "a.x")) != nil)
    }

    @Test func aliasBombStaysSmall() throws {
        // Nine levels of nine aliases: 9^9 paths, 9 scalars.
        var text = "l0: &l0 [a, b, c, d, e, f, g, h, i]\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let document = try yaml(text)
        #expect(try document.slots("l9" + String(repeating: "[*]", count: 10)).count == 9)
    }

    @Test func recursiveAliasDoesNotLoop() throws {
        let document = try yaml("a: &a [1, *a]\n")
        #expect(try document.slots("a[1][1][1][0]").map(\.value) == ["1"])
    }
}
