import Foundation
import HCLSyntax
import TemplateSyntax
import Testing

/// Parses text, recording an issue (not crashing) when it fails.
func parse(_ text: String) throws -> HCLDocument {
    try HCLDocument(parsing: SourceText(text))
}

/// The error parsing `text` throws, or nil when it parses.
func parseError(_ text: String) -> TemplateError? {
    do {
        _ = try HCLDocument(parsing: SourceText(text))
        return nil
    } catch {
        return error
    }
}

/// Checks the structural laws every accepted document obeys: tokens tile the
/// source, the root spans every token, printing gives back the bytes.
func treeProblems(_ document: HCLDocument) -> [String] {
    var problems: [String] = []
    let tokens = document.tree.tokens
    var expected = 0
    for (i, token) in tokens.enumerated() {
        if token.start != expected {
            problems.append("token \(i) starts at \(token.start), expected \(expected)")
            break
        }
        expected = token.end
    }
    if expected != document.source.count { problems.append("tokens end at \(expected) of \(document.source.count)") }
    if tokens.last?.kind != .endOfFile { problems.append("last token is not endOfFile") }
    if document.tree.nodes.last?.kind != .configFile { problems.append("root is not configFile") }
    if document.printed() != document.source.bytes { problems.append("printed() differs from the source") }
    return problems
}

/// A decoded Go fuzz corpus file (`go test fuzz v1` then `[]byte("...")`):
/// the bytes the fuzzer feeds the parser. Nil when `bytes` is not one.
func goFuzzSeed(_ bytes: [UInt8]) -> [UInt8]? {
    let text = String(decoding: bytes, as: UTF8.self)
    guard text.hasPrefix("go test fuzz v1\n") else { return nil }
    guard let open = text.range(of: "[]byte(\""), let close = text.range(of: "\")", options: .backwards) else { return nil }
    let literal = Array(text[open.upperBound..<close.lowerBound].utf8)
    var out: [UInt8] = []
    var i = 0
    func hex(_ count: Int) -> UInt32? {
        guard i + count <= literal.count, let v = UInt32(String(decoding: literal[i..<i + count], as: UTF8.self), radix: 16) else {
            return nil
        }
        i += count
        return v
    }
    while i < literal.count {
        let b = literal[i]
        i += 1
        guard b == UInt8(ascii: "\\"), i < literal.count else {
            out.append(b)
            continue
        }
        let e = literal[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"):
            guard let v = hex(2) else { return nil }
            out.append(UInt8(v))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            guard let v = hex(e == UInt8(ascii: "u") ? 4 : 8), let scalar = UnicodeScalar(v) else { return nil }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard i + 2 <= literal.count, let v = UInt8(String(decoding: literal[(i - 1)..<(i + 2)], as: UTF8.self), radix: 8) else {
                return nil
            }
            out.append(v)
            i += 2
        default: out.append(e)
        }
    }
    return out
}

/// Line and column of an error, for messages and checks.
func position(_ error: TemplateError, in text: String) -> String {
    guard let offset = error.offset else { return "?" }
    return SourceText(text).location(of: offset).description
}
