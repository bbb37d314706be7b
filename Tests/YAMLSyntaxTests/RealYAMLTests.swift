import Foundation
import TemplateSyntax
import TestSupport
import Testing
import YAMLSyntax

/// Real CloudFormation templates, workflows, compose files, Kubernetes
/// manifests and Helm charts: every file libyaml accepts prints back byte for
/// byte with every scalar in place, the one file libyaml rejects is rejected
/// with its position, and every version-like scalar can be edited alone.
@Suite struct RealYAMLTests {
    /// The file the corpus README lists as rejected by libyaml ("did not find
    /// expected key (line 26, column 9)").
    static let knownInvalid = "llm-httproute.yaml"

    static func files() throws -> [URL] {
        let folder = try Corpora.folder("real")
        return Corpora.files(under: folder) { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
    }

    @Test func everyRealFileParsesAndPrintsBack() throws {
        let files = try Self.files()
        var parsed = 0, rejected = 0, scalars = 0
        var failures: [String] = []
        for url in files {
            let source = SourceText(bytes: try Corpora.bytes(url), path: url.path)
            do {
                let document = try YAMLDocument(parsing: source)
                parsed += 1
                if url.lastPathComponent == Self.knownInvalid { failures.append("\(url.path): accepted, but libyaml rejects it") }
                if document.printed() != source.bytes { failures.append("\(url.path): printed tree differs") }
                failures += ScalarRangeChecks.problems(document).map { "\(url.path): \($0)" }
                scalars += document.scalars().count
            } catch {
                rejected += 1
                let location = error.offset.map { source.location(of: $0) }
                if url.lastPathComponent == Self.knownInvalid {
                    #expect(location?.line == 26, "\(Diagnostic(error, in: source))")
                    #expect(error.message == "did not find expected key while parsing a block mapping")
                    #expect(error.notes.map { source.location(of: $0.offset).line } == [22])
                } else {
                    failures.append("\(Diagnostic(error, in: source))")
                }
            }
        }
        print("real YAML: \(files.count) files, \(parsed) parsed and printed back, \(rejected) rejected with a position; \(scalars) scalars")
        #expect(files.count >= 700)
        #expect(rejected == 1)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Whether a path names a version-like value: a `version` key, a
    /// CloudFormation parameter's `Default`, or an `image` (whose tag is edited).
    static func isVersionLike(_ path: [Selector.Component]) -> Bool {
        guard case .key(let last) = path.last else { return false }
        if last == "version" || last == "image" { return true }
        if last == "Default", path.count == 3, path.first == .key("Parameters") { return true }
        return false
    }

    /// The value a test writes into a slot: a number for a number, a version
    /// (or an image with a new tag) for a string.
    static func newValue(for slot: Slot) -> String? {
        switch slot.kind {
        case .number: return "9.87"
        case .string:
            guard case .key("image") = slot.path.last else { return "9.8.7-rc.1" }
            guard let colon = slot.value.lastIndex(of: ":"), !slot.value.contains("@"),
                !slot.value[colon...].contains("/")
            else { return nil }
            return slot.value[..<colon] + ":9.8.7"
        default: return nil
        }
    }

    @Test func editingEveryVersionLikeScalarChangesOnlyItsBytes() throws {
        var edited = 0, quoted = 0, files = 0
        var failures: [String] = []
        for url in try Self.files() {
            let source = SourceText(bytes: try Corpora.bytes(url), path: url.path)
            guard let document = try? YAMLDocument(parsing: source) else { continue }
            let slots = document.scalars().filter { Self.isVersionLike($0.path) }
            if !slots.isEmpty { files += 1 }
            for slot in slots {
                guard let node = document.nodes.first(where: { $0.kind == .scalar && $0.contentRange == slot.range }),
                    node.style != .literal && node.style != .folded
                else { continue }
                var values: [String] = []
                if let value = Self.newValue(for: slot) { values.append(value) }
                // A number-like string: a plain string slot must quote it.
                if slot.kind == .string && slot.path.last == .key("version") { values.append("1.10") }
                for value in values {
                    do {
                        let (result, edits) = try document.applyingVerified([SlotChange(slot: slot, value: value)])
                        let new = result.source.bytes
                        let delta = new.count - source.count
                        if edits.count != 1 || edits[0].range != slot.range {
                            failures.append("\(url.path) \(slot.selectorText): the edit is not the scalar's bytes: \(edits)")
                        }
                        if new[..<slot.range.lowerBound] != source.bytes[..<slot.range.lowerBound]
                            || new[(slot.range.upperBound + delta)...] != source.bytes[slot.range.upperBound...]
                        {
                            failures.append("\(url.path) \(slot.selectorText): bytes outside the scalar changed")
                        }
                        let reread = try result.select(Selector(components: slot.path))
                        if !reread.contains(where: { $0.range.lowerBound == slot.range.lowerBound && $0.value == value }) {
                            failures.append("\(url.path) \(slot.selectorText): read back \(reread.map(\.value))")
                        }
                        if value == "1.10" && node.style == .plain {
                            if edits.first?.replacement == Array("\"1.10\"".utf8) { quoted += 1 } else { failures.append("\(url.path) \(slot.selectorText): 1.10 not quoted") }
                        }
                        edited += 1
                    } catch {
                        failures.append("\(url.path) \(slot.selectorText) = \(value): \(error)")
                    }
                }
            }
        }
        print("real YAML: \(edited) version-like scalars edited and verified in \(files) files (\(quoted) plain strings took 1.10 quoted)")
        #expect(edited > 300)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
