import CYAML
import Foundation
import TemplateSyntax
import TestSupport
import Testing
import YAMLSyntax

/// yaml/yaml-test-suite: YAMLSyntax accepts and rejects exactly what libyaml
/// accepts and rejects, prints every accepted stream back byte for byte, and
/// places every scalar at bytes that decode to its value.
@Suite struct YAMLTestSuiteTests {
    struct Case {
        var name: String
        var isError: Bool
        var folder: URL
    }

    static func cases() throws -> [Case] {
        let folder = try Corpora.folder("yaml/yaml-test-suite")
        let index = try Corpora.text(folder.appendingPathComponent("index.tsv"))
        return index.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return nil }
            return Case(name: fields[0], isError: fields[1] == "1", folder: folder.appendingPathComponent(fields[0]))
        }
    }

    /// libyaml's own verdict, from a bare event loop over its C API: does the
    /// whole stream parse?
    static func libyamlAccepts(_ bytes: [UInt8]) -> Bool {
        // On the heap, never a Swift `var` passed as `&parser`: libyaml keeps
        // the parser's own address (its string read handler's data pointer)
        // between calls, and an inout-to-pointer address is only good for the
        // call it is passed to. A stale one made this loop memcpy from a
        // dead copy and crash the test process (memmove, once in CI).
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else { return false }
        defer { yaml_parser_delete(parser) }
        let input = bytes.isEmpty ? [0] : bytes
        return input.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, bytes.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else { return false }
                let type = event.type
                yaml_event_delete(&event)
                if type == YAML_STREAM_END_EVENT { return true }
            }
        }
    }

    /// Every scalar value libyaml's events carry, by the same bare loop.
    static func libyamlScalarValues(_ bytes: [UInt8]) -> Set<String> {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)  // on the heap: see libyamlAccepts
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else { return [] }
        defer { yaml_parser_delete(parser) }
        let input = bytes.isEmpty ? [0] : bytes
        var values: Set<String> = []
        input.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, bytes.count)
            var event = yaml_event_t()
            while yaml_parser_parse(parser, &event) != 0 {
                let type = event.type
                if type == YAML_SCALAR_EVENT {
                    let scalar = event.data.scalar
                    values.insert(String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self))
                }
                yaml_event_delete(&event)
                if type == YAML_STREAM_END_EVENT { break }
            }
        }
        return values
    }

    /// The string leaves of a JSON value with their paths, in no particular order.
    static func stringLeaves(_ value: Any, _ path: [Selector.Component], into leaves: inout [([Selector.Component], String)]) {
        if let string = value as? String {
            leaves.append((path, string))
        } else if let object = value as? [String: Any] {
            for (key, member) in object { stringLeaves(member, path + [.key(key)], into: &leaves) }
        } else if let array = value as? [Any] {
            for (position, element) in array.enumerated() { stringLeaves(element, path + [.index(position)], into: &leaves) }
        }
    }

    @Test func acceptsAndRejectsExactlyWhatLibyamlDoes() throws {
        let cases = try Self.cases()
        var failures: [String] = []
        var agreeWithLibyaml = 0, agreeWithSuite = 0, libyamlDisagreesWithSuite: [String] = []
        var libyamlReadsOtherwise: Set<String> = []
        var accepted = 0, rejected = 0, printedBack = 0, scalarsChecked = 0, jsonCompared = 0, jsonLeaves = 0
        for test in cases {
            let url = test.folder.appendingPathComponent("in.yaml")
            let bytes = try Corpora.bytes(url)
            let source = SourceText(bytes: bytes, path: test.name + "/in.yaml")
            let hasErrorMarker = FileManager.default.fileExists(atPath: test.folder.appendingPathComponent("error").path)
            if hasErrorMarker != test.isError { failures.append("\(test.name): index.tsv and the error marker disagree") }
            let libyaml = Self.libyamlAccepts(bytes)
            if libyaml != test.isError { agreeWithSuite += 1 } else { libyamlDisagreesWithSuite.append(test.name) }
            let result = Result { () throws(TemplateError) in try YAMLDocument(parsing: source) }
            switch result {
            case .failure(let error):
                rejected += 1
                if !libyaml { agreeWithLibyaml += 1 } else { failures.append("\(test.name): rejected, libyaml accepts: \(error)") }
                if error.kind != .syntax || error.offset == nil { failures.append("\(test.name): error without a position: \(error)") }
            case .success(let document):
                accepted += 1
                if libyaml { agreeWithLibyaml += 1 } else { failures.append("\(test.name): accepted, libyaml rejects") }
                if document.printed() == bytes { printedBack += 1 } else { failures.append("\(test.name): printed tree differs") }
                let problems = ScalarRangeChecks.problems(document)
                failures += problems.map { "\(test.name): \($0)" }
                scalarsChecked += document.nodes.filter { $0.kind == .scalar }.count
                _ = document.scalars()
                // in.json, when it is one JSON value: every string leaf is what select gives there.
                let jsonURL = test.folder.appendingPathComponent("in.json")
                if let data = try? Data(contentsOf: jsonURL),
                    let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                    document.documents.count == 1
                {
                    jsonCompared += 1
                    var leaves: [([Selector.Component], String)] = []
                    Self.stringLeaves(json, [], into: &leaves)
                    let libyamlValues = Self.libyamlScalarValues(bytes)
                    for (path, expected) in leaves {
                        jsonLeaves += 1
                        var found = "nothing"
                        do {
                            let slots = try document.select(Selector(components: path))
                            if slots.contains(where: { $0.kind == .expression || $0.value == expected }) { continue }
                            found = "\(slots.map(\.value))"
                        } catch {
                            found = "\(error)"
                        }
                        // A value or key libyaml itself never produces is libyaml
                        // reading the stream otherwise than the suite; anything else is ours.
                        let keys = path.compactMap { component -> String? in
                            if case .key(let key) = component { return key }
                            return nil
                        }
                        if libyamlValues.contains(expected) && keys.allSatisfy({ libyamlValues.contains($0) }) {
                            failures.append("\(test.name): \(Selector.render(path)) reads \(found), in.json says \(String(reflecting: expected))")
                        } else {
                            libyamlReadsOtherwise.insert(test.name)
                        }
                    }
                }
            }
        }
        print("yaml-test-suite: \(cases.count) tests; \(accepted) accepted (\(printedBack) printed back byte for byte), \(rejected) rejected; agree with libyaml's own verdict: \(agreeWithLibyaml)/\(cases.count); libyaml agrees with the suite's error flag: \(agreeWithSuite)/\(cases.count)")
        print("yaml-test-suite: \(scalarsChecked) scalar ranges checked; \(jsonCompared) in.json files compared, \(jsonLeaves) string leaves")
        print("yaml-test-suite: libyaml accepts but reads otherwise than in.json: \(libyamlReadsOtherwise.count): \(libyamlReadsOtherwise.sorted().joined(separator: " "))")
        print("yaml-test-suite: libyaml disagrees with the suite on \(libyamlDisagreesWithSuite.count): \(libyamlDisagreesWithSuite.joined(separator: " "))")
        #expect(cases.count > 300, "the suite looks incomplete: \(cases.count) tests")
        #expect(agreeWithLibyaml == cases.count)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
