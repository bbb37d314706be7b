/// YAML's quoted scalar forms.
public enum YAMLQuoting {
    /// `value` as a YAML double-quoted scalar: `\` and `"` escaped, and every
    /// character YAML does not allow raw (controls, line breaks, a BOM) as an
    /// escape, so the result is one line.
    public static func doubleQuoted(_ value: String) -> [UInt8] {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00: out += "\\0"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x85: out += "\\N"
            case 0x2028: out += "\\L"
            case 0x2029: out += "\\P"
            case 0xFEFF: out += "\\uFEFF"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        out += "\""
        return Array(out.utf8)
    }

    /// `value` as a YAML single-quoted scalar (`'` doubled), or nil when it
    /// holds something single quotes cannot show on one line: a line break,
    /// a tab at either end, a character outside YAML's printable set.
    public static func singleQuoted(_ value: String) -> [UInt8]? {
        guard value.unicodeScalars.allSatisfy({ ($0 == "\t" || isPrintable($0)) && !isLineBreak($0) && $0 != "\r" && $0 != "\u{FEFF}" })
        else { return nil }
        // Tabs at the ends of a one-line single-quoted scalar are kept by
        // YAML, but an editor may strip them; spaces are fine.
        if value.hasPrefix("\t") || value.hasSuffix("\t") { return nil }
        var out: [UInt8] = [UInt8(ascii: "'")]
        for byte in value.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "'") { out.append(byte) }
        }
        out.append(UInt8(ascii: "'"))
        return out
    }

    /// YAML's `c-printable`: what may appear raw in a YAML stream.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Characters libyaml treats as line breaks.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
