import TemplateSyntax

/// Reading and writing Python string literals.
public enum PythonString {
    /// How a literal is written: its prefix (as typed, case kept), its quote
    /// character and whether it is triple-quoted.
    public struct Style: Sendable, Equatable {
        /// The prefix bytes exactly as written (`""`, `"r"`, `"U"`, `"Rb"`).
        public var prefix: String
        /// `'` or `"`.
        public var quote: Character
        /// Three quotes rather than one.
        public var triple: Bool
        /// `r`: backslashes are text, not escapes.
        public var isRaw: Bool
        /// `b`: a bytes literal.
        public var isBytes: Bool
        /// `f`: an f-string.
        public var isFormatted: Bool
        /// `t`: a t-string (Python 3.14).
        public var isTemplate: Bool
        /// The line ending written inside a triple-quoted literal (`"\n"`,
        /// `"\r\n"` or `"\r"`), taken from the literal or the file.
        public var lineEnding: [UInt8]

        /// The delimiter: one quote or three.
        public var delimiter: String { triple ? String(repeating: quote, count: 3) : String(quote) }
    }

    /// The style of the literal at `range` of `bytes` (prefix and quotes
    /// included). Nil if the bytes there are not a string literal.
    public static func style(_ bytes: [UInt8], _ range: Range<Int>) -> Style? {
        var q = range.lowerBound
        while q < range.upperBound && bytes[q] != 0x22 && bytes[q] != 0x27 { q += 1 }
        guard q < range.upperBound else { return nil }
        let quote = bytes[q]
        let triple = range.upperBound - q >= 6 && bytes[q + 1] == quote && bytes[q + 2] == quote
        let prefix = bytes.withUnsafeBufferPointer { StringPrefix($0, range.lowerBound..<q) }
        guard let prefix else { return nil }
        return Style(
            prefix: String(decoding: bytes[range.lowerBound..<q], as: UTF8.self), quote: Character(Unicode.Scalar(quote)),
            triple: triple, isRaw: prefix.isRaw, isBytes: prefix.isBytes, isFormatted: prefix.isFormatted,
            isTemplate: prefix.isTemplate, lineEnding: lineEnding(bytes, inside: range))
    }

    /// The first line ending inside `range`, else the first in the file, else `\n`.
    static func lineEnding(_ bytes: [UInt8], inside range: Range<Int>) -> [UInt8] {
        func first(in r: Range<Int>) -> [UInt8]? {
            var i = r.lowerBound
            while i < r.upperBound {
                if bytes[i] == 0x0A { return [0x0A] }
                if bytes[i] == 0x0D { return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? [0x0D, 0x0A] : [0x0D] }
                i += 1
            }
            return nil
        }
        return first(in: range) ?? first(in: 0..<bytes.count) ?? [0x0A]
    }

    /// The body of the literal at `range`: between the quotes.
    static func body(_ bytes: [UInt8], _ range: Range<Int>, _ style: Style) -> Range<Int> {
        let quoteLength = style.triple ? 3 : 1
        let start = range.lowerBound + style.prefix.utf8.count + quoteLength
        let end = max(start, range.upperBound - quoteLength)
        return start..<end
    }

    /// The value of a `str` literal, as Python's compiler reads it: line
    /// endings inside it read as `\n` (Python reads source with universal
    /// newlines); in a non-raw literal escapes are resolved and a backslash
    /// before a line ending joins the lines. Invalid escapes keep their
    /// backslash, as Python does; a lone surrogate becomes U+FFFD. With
    /// `latin1`, each byte >= 0x80 is the Latin-1 character it names.
    public static func decode(_ bytes: [UInt8], _ range: Range<Int>, latin1: Bool = false) -> String {
        guard let style = style(bytes, range) else { return String(decoding: bytes[range], as: UTF8.self) }
        let inner = body(bytes, range, style)
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        let end = inner.upperBound
        func append(scalar value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        func newline(at k: Int) -> Int? {  // length of a line ending at k
            guard k < end else { return nil }
            if bytes[k] == 0x0A { return 1 }
            if bytes[k] == 0x0D { return k + 1 < end && bytes[k + 1] == 0x0A ? 2 : 1 }
            return nil
        }
        while i < end {
            let c = bytes[i]
            if let length = newline(at: i) {
                out.append(0x0A)
                i += length
                continue
            }
            guard c == 0x5C, !style.isRaw, i + 1 < end else {
                if latin1 && c >= 0x80 { append(scalar: UInt32(c)) } else { out.append(c) }
                i += 1
                continue
            }
            let e = bytes[i + 1]
            if let length = newline(at: i + 1) {
                i += 1 + length  // a continuation inside the literal
                continue
            }
            i += 2
            switch e {
            case 0x5C, 0x27, 0x22: out.append(e)
            case 0x61: out.append(0x07)  // \a
            case 0x62: out.append(0x08)  // \b
            case 0x66: out.append(0x0C)  // \f
            case 0x6E: out.append(0x0A)  // \n
            case 0x72: out.append(0x0D)  // \r
            case 0x74: out.append(0x09)  // \t
            case 0x76: out.append(0x0B)  // \v
            case 0x30...0x37:
                var value = UInt32(e - 0x30)
                var count = 1
                while count < 3 && i < end && bytes[i] >= 0x30 && bytes[i] <= 0x37 {
                    value = value * 8 + UInt32(bytes[i] - 0x30)
                    i += 1
                    count += 1
                }
                append(scalar: value)
            case 0x78, 0x75, 0x55:  // \x \u \U
                let width = e == 0x78 ? 2 : (e == 0x75 ? 4 : 8)
                if let value = hexValue(bytes, i, width, end) {
                    append(scalar: value)
                    i += width
                } else {
                    out.append(contentsOf: [0x5C, e])  // the compiler rejects it; keep the text
                }
            case 0x4E:  // \N{NAME}
                if i < end && bytes[i] == 0x7B, let close = bytes[i..<end].firstIndex(of: 0x7D),
                    let scalar = UnicodeNames.scalar(named: String(decoding: bytes[(i + 1)..<close], as: UTF8.self))
                {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i = close + 1
                } else {
                    out.append(contentsOf: [0x5C, e])
                }
            default:
                out.append(0x5C)
                if latin1 && e >= 0x80 { append(scalar: UInt32(e)) } else { out.append(e) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ bytes: [UInt8], _ at: Int, _ width: Int, _ end: Int) -> UInt32? {
        guard at + width <= end else { return nil }
        var value: UInt32 = 0
        for k in at..<(at + width) {
            let c = bytes[k]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Why `value` cannot be written in a literal of `style`, or the
    /// literal's new bytes (prefix and quotes included).
    ///
    /// Non-raw literals escape the backslash, the quote where it would end
    /// the literal, and control characters; a triple-quoted literal holds
    /// line breaks as they are (in `style.lineEnding`). A raw literal holds
    /// the value verbatim or not at all. When `asciiOnly` (the file declares
    /// a non-UTF-8 encoding) non-ASCII characters are written as escapes.
    public static func encode(_ value: String, style: Style, asciiOnly: Bool = false) -> Result<[UInt8], EncodeFailure> {
        var out = Array(style.prefix.utf8) + Array(style.delimiter.utf8)
        let quote = UInt8(ascii: style.quote.unicodeScalars.first ?? "\"")
        let scalars = Array(value.unicodeScalars)
        if style.isRaw {
            if let why = rawFailure(scalars, style: style, asciiOnly: asciiOnly) { return .failure(why) }
            for scalar in scalars {
                if scalar == "\n" { out.append(contentsOf: style.lineEnding) } else { out.append(contentsOf: Array(String(scalar).utf8)) }
            }
        } else {
            for (k, scalar) in scalars.enumerated() {
                switch scalar {
                case "\\": out.append(contentsOf: [0x5C, 0x5C])
                case "\n":
                    if style.triple { out.append(contentsOf: style.lineEnding) } else { out.append(contentsOf: [0x5C, 0x6E]) }
                case "\r": out.append(contentsOf: [0x5C, 0x72])
                case "\t": out.append(contentsOf: [0x5C, 0x74])
                case _ where scalar.value == UInt32(quote):
                    // Single quotes escape every quote; triple quotes only one
                    // that could begin the closing delimiter (followed by
                    // another quote, or last).
                    let next = k + 1 < scalars.count ? scalars[k + 1] : nil
                    if !style.triple || next == nil || next?.value == UInt32(quote) {
                        out.append(0x5C)
                    }
                    out.append(quote)
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F || (asciiOnly && scalar.value >= 0x80) {
                        out.append(contentsOf: Array(escape(scalar).utf8))
                    } else {
                        out.append(contentsOf: Array(String(scalar).utf8))
                    }
                }
            }
        }
        out.append(contentsOf: Array(style.delimiter.utf8))
        return .success(out)
    }

    /// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        let (letter, width) = scalar.value < 0x100 ? ("x", 2) : (scalar.value < 0x10000 ? ("u", 4) : ("U", 8))
        return "\\" + letter + String(repeating: "0", count: width - hex.count) + hex
    }

    /// Why `scalars` cannot stand verbatim between the quotes of a raw literal.
    static func rawFailure(_ scalars: [Unicode.Scalar], style: Style, asciiOnly: Bool) -> EncodeFailure? {
        let quote = style.quote.unicodeScalars.first ?? "\""
        var trailingBackslashes = 0
        for scalar in scalars.reversed() {
            guard scalar == "\\" else { break }
            trailingBackslashes += 1
        }
        if trailingBackslashes % 2 == 1 { return .rawEndsWithBackslash }
        if scalars.contains("\r") { return .rawCarriageReturn }
        if !style.triple && scalars.contains("\n") { return .rawNewline }
        if asciiOnly && scalars.contains(where: { $0.value >= 0x80 }) { return .rawNonASCII }
        if scalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n") || $0.value == 0x7F }) { return .rawControl }
        // A quote ends the literal unless a backslash escapes it (and stays).
        var k = 0
        var run = 0
        while k < scalars.count {
            let scalar = scalars[k]
            if scalar == "\\" {
                k += 2
                run = 0
                continue
            }
            if scalar == quote {
                run += 1
                if !style.triple || run == 3 || k == scalars.count - 1 { return .rawQuote }
            } else {
                run = 0
            }
            k += 1
        }
        return nil
    }

    /// Why a value cannot be written into a literal.
    public enum EncodeFailure: Error, Sendable, Equatable {
        case rawEndsWithBackslash, rawQuote, rawNewline, rawCarriageReturn, rawControl, rawNonASCII

        /// A sentence for the person who asked.
        public func explanation(quote: String) -> String {
            switch self {
            case .rawEndsWithBackslash:
                return "a raw string cannot end with an odd number of backslashes"
            case .rawQuote:
                return "a raw string cannot hold an unescaped \(quote) (its delimiter), and a raw string has no escapes"
            case .rawNewline:
                return "a single-quoted raw string cannot hold a line break"
            case .rawCarriageReturn:
                return "a raw string cannot hold a carriage return (Python reads it as a line break)"
            case .rawControl:
                return "a raw string cannot hold control characters, and a raw string has no escapes"
            case .rawNonASCII:
                return "the file declares a non-UTF-8 encoding, and a raw string has no escapes for non-ASCII characters"
            }
        }
    }
}
