import TemplateSyntax
import YAMLSyntax

/// Checks shared by the corpus tests: the scalar ranges tile the file, and
/// the bytes of every plain or quoted scalar decode (by an independent,
/// small decoder written here from the YAML specification) to libyaml's value.
enum ScalarRangeChecks {
    /// Problems found, empty when every scalar is in order.
    static func problems(_ document: YAMLDocument) -> [String] {
        var problems: [String] = []
        let bytes = document.source.bytes
        var previousEnd = 0
        for (index, node) in document.nodes.enumerated() where node.kind == .scalar {
            let range = node.contentRange
            guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
                problems.append("scalar \(index) at \(range) lies outside the file (\(bytes.count) bytes)")
                continue
            }
            if range.lowerBound < previousEnd {
                problems.append("scalar \(index) at \(range) starts before the previous one ends (\(previousEnd))")
            }
            previousEnd = max(previousEnd, range.upperBound)
            let value = document.value(ofNode: index)
            let literal = Array(bytes[range])
            let decoded: String?
            switch node.style {
            case .plain: decoded = range.isEmpty ? "" : plain(literal)
            case .singleQuoted:
                guard literal.first == UInt8(ascii: "'"), literal.last == UInt8(ascii: "'"), literal.count >= 2 else {
                    problems.append("single-quoted scalar \(index) at \(range) is not within quotes: \(String(decoding: literal, as: UTF8.self))")
                    continue
                }
                decoded = singleQuoted(literal)
            case .doubleQuoted:
                guard literal.first == UInt8(ascii: "\""), literal.last == UInt8(ascii: "\""), literal.count >= 2 else {
                    problems.append("double-quoted scalar \(index) at \(range) is not within quotes: \(String(decoding: literal, as: UTF8.self))")
                    continue
                }
                decoded = doubleQuoted(literal)
            case .literal, .folded:
                let indicator = node.style == .literal ? UInt8(ascii: "|") : UInt8(ascii: ">")
                if literal.first != indicator { problems.append("block scalar \(index) at \(range) does not start at its indicator") }
                decoded = nil
            default:
                decoded = nil
            }
            if let decoded, decoded != value {
                problems.append("scalar \(index) at \(range): bytes \(String(reflecting: String(decoding: literal, as: UTF8.self))) decode to \(String(reflecting: decoded)), libyaml says \(String(reflecting: value))")
            }
        }
        return problems
    }

    // Line folding of flow scalars (YAML 1.2, 7.3.1 / 7.3.3): trailing and
    // leading white space around a line break goes; one break becomes a
    // space, n+1 breaks become n newlines.

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = [[]]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                result.append([])
                i += 2
            } else if bytes[i] == 0x0A || bytes[i] == 0x0D {
                result.append([])
                i += 1
            } else {
                result[result.count - 1].append(bytes[i])
                i += 1
            }
        }
        return result
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    static func leftTrimmed(_ line: [UInt8]) -> [UInt8] { Array(line.drop(while: isWhite)) }
    static func rightTrimmed(_ line: [UInt8]) -> [UInt8] { Array(line.reversed().drop(while: isWhite).reversed()) }

    static func fold(_ lines: [[UInt8]]) -> [UInt8] {
        guard lines.count > 1 else { return lines.first ?? [] }
        var out = rightTrimmed(lines[0])
        var empties = 0
        for n in 1..<lines.count {
            let isLast = n == lines.count - 1
            let line = isLast ? leftTrimmed(lines[n]) : leftTrimmed(rightTrimmed(lines[n]))
            if !isLast && line.isEmpty {
                empties += 1
                continue
            }
            out += empties == 0 ? [0x20] : Array(repeating: 0x0A, count: empties)
            empties = 0
            out += line
        }
        return out
    }

    static func plain(_ bytes: [UInt8]) -> String {
        String(decoding: fold(lines(bytes)), as: UTF8.self)
    }

    static func singleQuoted(_ bytes: [UInt8]) -> String {
        let inner = Array(bytes[1..<(bytes.count - 1)])
        var unescaped: [UInt8] = []
        var i = 0
        while i < inner.count {
            unescaped.append(inner[i])
            i += inner[i] == UInt8(ascii: "'") && i + 1 < inner.count && inner[i + 1] == UInt8(ascii: "'") ? 2 : 1
        }
        return String(decoding: fold(lines(unescaped)), as: UTF8.self)
    }

    static func doubleQuoted(_ bytes: [UInt8]) -> String {
        let inner = Array(bytes[1..<(bytes.count - 1)])
        var out: [UInt8] = []
        var rawWhite = 0  // white space at the end of `out` that came raw, not from an escape
        var i = 0
        func isBreak(_ at: Int) -> Bool { at < inner.count && (inner[at] == 0x0A || inner[at] == 0x0D) }
        func skipBreak() { i += (inner[i] == 0x0D && i + 1 < inner.count && inner[i + 1] == 0x0A) ? 2 : 1 }
        func skipWhite() { while i < inner.count && (inner[i] == 0x20 || inner[i] == 0x09) { i += 1 } }
        while i < inner.count {
            let b = inner[i]
            if b == UInt8(ascii: "\\") && i + 1 < inner.count {
                let e = inner[i + 1]
                i += 2
                var scalar: UInt32?
                switch e {
                case UInt8(ascii: "0"): scalar = 0
                case UInt8(ascii: "a"): scalar = 7
                case UInt8(ascii: "b"): scalar = 8
                case UInt8(ascii: "t"), 0x09: scalar = 9
                case UInt8(ascii: "n"): scalar = 10
                case UInt8(ascii: "v"): scalar = 11
                case UInt8(ascii: "f"): scalar = 12
                case UInt8(ascii: "r"): scalar = 13
                case UInt8(ascii: "e"): scalar = 0x1B
                case UInt8(ascii: " "): scalar = 0x20
                case UInt8(ascii: "\""): scalar = 0x22
                case UInt8(ascii: "/"): scalar = 0x2F
                case UInt8(ascii: "\\"): scalar = 0x5C
                case UInt8(ascii: "N"): scalar = 0x85
                case UInt8(ascii: "_"): scalar = 0xA0
                case UInt8(ascii: "L"): scalar = 0x2028
                case UInt8(ascii: "P"): scalar = 0x2029
                case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let width = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                    let digits = String(decoding: inner[i..<min(i + width, inner.count)], as: UTF8.self)
                    scalar = UInt32(digits, radix: 16)
                    i += width
                case 0x0A, 0x0D:
                    // An escaped line break joins the lines with nothing between.
                    i -= 1
                    skipBreak()
                    skipWhite()
                    rawWhite = 0
                    continue
                default:
                    scalar = nil
                }
                if let scalar, let u = Unicode.Scalar(scalar) { out += Array(String(u).utf8) }
                rawWhite = 0
            } else if isBreak(i) {
                out.removeLast(rawWhite)
                rawWhite = 0
                skipBreak()
                var empties = 0
                while true {
                    skipWhite()
                    if isBreak(i) {
                        empties += 1
                        skipBreak()
                    } else {
                        break
                    }
                }
                out += empties == 0 ? [0x20] : Array(repeating: 0x0A, count: empties)
            } else {
                out.append(b)
                rawWhite = (b == 0x20 || b == 0x09) ? rawWhite + 1 : 0
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
