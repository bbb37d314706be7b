import Foundation
import TOMLSyntax
import TemplateSyntax
import TestSupport
import Testing

func parse(_ text: String) throws -> TOMLDocument {
    try TOMLDocument(parsing: SourceText(text))
}

/// The error parsing `bytes` throws, or nil when they parse.
func parseError(_ bytes: [UInt8]) -> TemplateError? {
    do {
        _ = try TOMLDocument(parsing: SourceText(bytes: bytes))
        return nil
    } catch {
        return error
    }
}

func parseError(_ text: String) -> TemplateError? { parseError(Array(text.utf8)) }

/// What Python's `tomllib` makes of one file: whether it loads, and its
/// string, integer and boolean leaves by path (floats and date-times are
/// left out: their text forms differ between the two sides by design).
struct Reference: Sendable {
    var accepted: Bool
    var error: String
    /// Path key (see `pathKey`) -> (type, value); integers in decimal.
    var leaves: [String: [String]]
}

struct ReferenceFailure: Error, CustomStringConvertible {
    var description: String
}

/// One `python3` process loads every file with `tomllib` and reports.
func tomllibReference(_ paths: [String]) throws -> [String: Reference] {
    let script = """
        import json, sys, tomllib
        def walk(value, path, out):
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, path + ['k' + k], out)
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, path + ['i' + str(i)], out)
            elif isinstance(value, bool):
                out['\\x01'.join(path)] = ['bool', 'true' if value else 'false']
            elif isinstance(value, int):
                out['\\x01'.join(path)] = ['int', str(value)]
            elif isinstance(value, str):
                out['\\x01'.join(path)] = ['str', value]
        result = {}
        for path in open(sys.argv[1], encoding='utf-8').read().split('\\n'):
            if not path:
                continue
            try:
                data = tomllib.loads(open(path, 'rb').read().decode('utf-8'))
            except Exception as e:
                result[path] = {'ok': False, 'error': type(e).__name__ + ': ' + str(e), 'leaves': {}}
                continue
            leaves = {}
            walk(data, [], leaves)
            result[path] = {'ok': True, 'error': '', 'leaves': leaves}
        json.dump(result, sys.stdout)
        """
    let scratch = try Scratch()
    let list = try scratch.write("files.txt", paths.joined(separator: "\n"))
    let output = try Python3.run(script, [list])
    guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]] else {
        throw ReferenceFailure(description: "python3 printed something other than a JSON object")
    }
    var result: [String: Reference] = [:]
    for (path, entry) in object {
        result[path] = Reference(
            accepted: entry["ok"] as? Bool ?? false, error: entry["error"] as? String ?? "",
            leaves: entry["leaves"] as? [String: [String]] ?? [:])
    }
    return result
}

/// The path of a slot as the reference script writes it.
func pathKey(_ path: [Selector.Component]) -> String {
    path.map { component -> String in
        switch component {
        case .key(let k), .keyOrIndex(let k): return "k" + k
        case .index(let i): return "i\(i)"
        case .any: return "*"
        }
    }.joined(separator: "\u{1}")
}

/// Our string, integer and boolean leaves in the reference's form.
func ourLeaves(_ document: TOMLDocument) -> [String: [String]] {
    var kinds: [Int: TOMLTokenKind] = [:]
    for token in document.tree.tokens where token.kind == .integer { kinds[token.start] = token.kind }
    var leaves: [String: [String]] = [:]
    for slot in document.scalars() {
        switch slot.kind {
        case .string: leaves[pathKey(slot.path)] = ["str", slot.value]
        case .bool: leaves[pathKey(slot.path)] = ["bool", slot.value]
        case .number where kinds[slot.range.lowerBound] == .integer:
            leaves[pathKey(slot.path)] = ["int", decimal(slot.value)]
        default: continue
        }
    }
    return leaves
}

/// A TOML integer's text in plain decimal, as Python prints it.
func decimal(_ text: String) -> String {
    var digits = text.replacingOccurrences(of: "_", with: "")
    var negative = false
    if digits.hasPrefix("+") { digits.removeFirst() }
    if digits.hasPrefix("-") {
        negative = true
        digits.removeFirst()
    }
    var radix = 10
    if digits.hasPrefix("0x") { radix = 16 } else if digits.hasPrefix("0o") { radix = 8 } else if digits.hasPrefix("0b") { radix = 2 }
    if radix != 10 { digits.removeFirst(2) }
    guard let magnitude = UInt64(digits, radix: radix) else { return text }
    return magnitude == 0 ? "0" : (negative ? "-" : "") + String(magnitude)
}

/// Structural laws of every accepted document: tokens tile the source, the
/// root spans every token, printing gives back the bytes.
func treeProblems(_ document: TOMLDocument) -> [String] {
    var problems: [String] = []
    var expected = 0
    for (i, token) in document.tree.tokens.enumerated() {
        if token.start != expected {
            problems.append("token \(i) starts at \(token.start), expected \(expected)")
            break
        }
        expected = token.end
    }
    if expected != document.source.count { problems.append("tokens end at \(expected) of \(document.source.count)") }
    if document.tree.tokens.last?.kind != .endOfFile { problems.append("last token is not endOfFile") }
    if document.tree.nodes.last?.kind != .toml { problems.append("root is not toml") }
    if document.printed() != document.source.bytes { problems.append("printed() differs from the source") }
    return problems
}

/// Every `.toml` file under the folders the brief names, found once.
let machineTOMLFiles: [String] = {
    var found: [String] = []
    let manager = FileManager.default
    for root in ["/usr/lib", "/root/.pyenv", "/opt/swift-packages", "/usr/share"] {
        guard let walker = manager.enumerator(atPath: root) else { continue }
        while let relative = walker.nextObject() as? String {
            if root == "/usr/lib" && !relative.hasPrefix("python3") {
                walker.skipDescendants()
                continue
            }
            guard relative.hasSuffix(".toml"), (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular else { continue }
            found.append(root + "/" + relative)
            if found.count >= 3000 { return found.sorted() }
        }
    }
    return found.sorted()
}()
