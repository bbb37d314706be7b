/// Decoding and encoding JSON string literals.
public enum JSONString {
    /// The value of the string literal at `range` (quotes included). A lone
    /// surrogate escape decodes to U+FFFD, as it cannot be held in a String.
    public static func decode(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard inner.lowerBound <= inner.upperBound else { return "" }
        if !bytes[inner].contains(UInt8(ascii: "\\")) {
            return String(decoding: bytes[inner], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= inner.upperBound else { return nil }
            var value: UInt32 = 0
            for k in 0..<4 {
                guard let digit = JSONParser.hexValue(bytes[at + k]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        func append(_ scalar: UInt32) {
            let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < inner.upperBound {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < inner.upperBound else {
                out.append(c)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(i) else { out.append(e); continue }
                i += 4
                if unit >= 0xD800 && unit < 0xDC00, i + 1 < inner.upperBound, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), low >= 0xDC00 && low < 0xE000
                {
                    i += 6
                    append(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    append(unit)
                }
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How an existing literal was written, so a new value is written alike.
    public struct Style: Sendable, Equatable {
        /// Non-ASCII characters were written as `\u` escapes.
        public var escapesNonASCII = false
        /// `/` was written as `\/`.
        public var escapesSolidus = false

        public init(escapesNonASCII: Bool = false, escapesSolidus: Bool = false) {
            self.escapesNonASCII = escapesNonASCII
            self.escapesSolidus = escapesSolidus
        }

        /// The style of the literal `bytes` (quotes included).
        public init<C: Collection>(of literal: C) where C.Element == UInt8 {
            let b = Array(literal)
            var i = 0
            while i + 1 < b.count {
                if b[i] == UInt8(ascii: "\\") {
                    if b[i + 1] == UInt8(ascii: "/") { escapesSolidus = true }
                    if b[i + 1] == UInt8(ascii: "u"), i + 5 < b.count {
                        let high = (JSONParser.hexValue(b[i + 2]) ?? 0) << 4 | (JSONParser.hexValue(b[i + 3]) ?? 0)
                        if high > 0 { escapesNonASCII = true }
                        if high == 0, (JSONParser.hexValue(b[i + 4]) ?? 0) >= 8 { escapesNonASCII = true }
                    }
                    i += 2
                    continue
                }
                i += 1
            }
        }
    }

    /// `value` as a JSON string literal, quotes included: escapes what JSON
    /// requires (`"`, `\`, control characters) and what `style` says the
    /// file escapes.
    public static func encode(_ value: String, style: Style = Style()) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let hex = Array("0123456789abcdef".utf8)
        func unicodeEscape(_ unit: UInt16) {
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: Array("\\\"".utf8))
            case "\\": out.append(contentsOf: Array("\\\\".utf8))
            case "/" where style.escapesSolidus: out.append(contentsOf: Array("\\/".utf8))
            case "\u{08}": out.append(contentsOf: Array("\\b".utf8))
            case "\u{0C}": out.append(contentsOf: Array("\\f".utf8))
            case "\n": out.append(contentsOf: Array("\\n".utf8))
            case "\r": out.append(contentsOf: Array("\\r".utf8))
            case "\t": out.append(contentsOf: Array("\\t".utf8))
            default:
                if scalar.value < 0x20 {
                    unicodeEscape(UInt16(scalar.value))
                } else if scalar.value >= 0x80 && style.escapesNonASCII {
                    for unit in String(Character(scalar)).utf16 { unicodeEscape(unit) }
                } else {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
