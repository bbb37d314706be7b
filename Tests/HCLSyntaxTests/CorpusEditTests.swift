import Foundation
import HCLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Rewrites every version-like string literal of the real Terraform corpus,
/// one at a time, and proves each edit changed that literal and nothing else.
@Suite struct CorpusEditTests {
    /// `variable.X.default` and any `version` / `required_version`.
    static func isTarget(_ slot: Slot) -> Bool {
        guard slot.kind == .string, let last = slot.path.last else { return false }
        if case .key(let name) = last, name == "version" || name == "required_version" { return true }
        if slot.path.count == 3, slot.path[0] == .key("variable"), slot.path[2] == .key("default") { return true }
        return false
    }

    /// New values alternate between a plain version and one that needs
    /// every kind of escaping, so the writer's escapes are read back too.
    static let values = ["9.8.7-tplpatch", "a \"quoted\" \\ path ${not.interp} %{not.directive}\nline\ttab é"]

    @Test func everyVersionAndDefaultEditChangesOnlyItsLiteral() throws {
        let folder = try Corpora.folder("real/terraform")
        let files = Corpora.files(under: folder) { $0.hasSuffix(".tf") || $0.hasSuffix(".tfvars") }
        var edits = 0
        var touchedFiles = 0
        var failures: [String] = []
        for url in files {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            let source = SourceText(bytes: try Corpora.bytes(url), path: relative)
            let document = try HCLDocument(parsing: source)
            let before = document.scalars()
            let targets = before.enumerated().filter { CorpusEditTests.isTarget($0.element) }
            if !targets.isEmpty { touchedFiles += 1 }
            for (index, slot) in targets {
                let value = CorpusEditTests.values[edits % 2]
                edits += 1
                let where_ = "\(relative) \(slot.selectorText) at \(source.location(of: slot.range.lowerBound))"
                do {
                    let edit = try document.replacement(for: slot, with: value)
                    #expect(edit.range == slot.range)
                    let changed = try source.applying([edit])
                    let reparsed = try HCLDocument(parsing: changed)
                    let newEnd = slot.range.lowerBound + edit.replacement.count
                    // Bytes outside the literal are identical.
                    if Array(changed.bytes[..<slot.range.lowerBound]) != Array(source.bytes[..<slot.range.lowerBound])
                        || Array(changed.bytes[newEnd...]) != Array(source.bytes[slot.range.upperBound...])
                    {
                        failures.append("\(where_): bytes outside the literal changed")
                        continue
                    }
                    // The selector reads back the new value, as a string.
                    let selected = try reparsed.select(Selector(components: slot.path))
                    guard let mine = selected.first(where: { $0.range.lowerBound == slot.range.lowerBound }) else {
                        failures.append("\(where_): select no longer finds the literal")
                        continue
                    }
                    if mine.value != value || mine.kind != .string || mine.range.upperBound != newEnd {
                        failures.append("\(where_): read back \(mine.kind) \(mine.value.debugDescription)")
                    }
                    // Every other scalar is unchanged in path and value.
                    let after = reparsed.scalars()
                    if after.count != before.count {
                        failures.append("\(where_): \(before.count) scalars before, \(after.count) after")
                        continue
                    }
                    for (i, (old, new)) in zip(before, after).enumerated() where i != index {
                        if old.path != new.path || old.value != new.value || old.kind != new.kind {
                            failures.append("\(where_): scalar \(old.selectorText) became \(new.selectorText) = \(new.value)")
                            break
                        }
                    }
                } catch {
                    failures.append("\(where_): \(error)")
                }
            }
        }
        print("terraform edits: \(edits) string literals rewritten one at a time in \(touchedFiles) files")
        #expect(edits > 500, "expected hundreds of variable defaults and versions, found \(edits)")
        #expect(failures.isEmpty, "\(failures.count) edits misbehave:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
