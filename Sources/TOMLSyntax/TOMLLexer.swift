import TemplateSyntax

/// Byte-level scanning of TOML's lexical forms. TOML's tokens depend on
/// where they stand (`1979-05-27` is a date as a value but a bare key before
/// `=`), so the parser asks for the form it expects at each position rather
/// than running the lexer ahead of it. Nothing here allocates.
struct TOMLLexer {
    let bytes: [UInt8]

    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    static func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || isDigit(b)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    /// Bytes a number, boolean or date-time is made of (the space inside a
    /// date-time is handled by `valueWordEnd`).
    static func isWordByte(_ b: UInt8) -> Bool {
        isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    /// Control characters TOML forbids in strings and comments (tab is allowed).
    static func isControl(_ b: UInt8) -> Bool { (b < 0x20 && b != tab) || b == 0x7F }

    func error(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(.syntax, message, at: offset)
    }

    static func describe(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// The end of the run of spaces and tabs at `i`.
    func whitespaceEnd(_ i: Int) -> Int {
        var j = i
        while j < bytes.count && (bytes[j] == TOMLLexer.space || bytes[j] == TOMLLexer.tab) { j += 1 }
        return j
    }

    /// The end of the newline at `i`, or nil if there is none. A CR not
    /// followed by LF is an error: TOML has no bare-CR line ending.
    func newlineEnd(_ i: Int) throws(TemplateError) -> Int? {
        guard i < bytes.count else { return nil }
        if bytes[i] == TOMLLexer.lf { return i + 1 }
        if bytes[i] == TOMLLexer.cr {
            guard i + 1 < bytes.count, bytes[i + 1] == TOMLLexer.lf else {
                throw error("a carriage return (CR) must be followed by a line feed (LF)", at: i)
            }
            return i + 2
        }
        return nil
    }

    /// The end of the comment starting with `#` at `i`: up to the line ending.
    func commentEnd(_ i: Int) throws(TemplateError) -> Int {
        var j = i + 1
        while j < bytes.count {
            let b = bytes[j]
            if b == TOMLLexer.lf { break }
            if b == TOMLLexer.cr && j + 1 < bytes.count && bytes[j + 1] == TOMLLexer.lf { break }
            if TOMLLexer.isControl(b) {
                throw error("control character \(TOMLLexer.describe(b)) in a comment", at: j)
            }
            j += 1
        }
        return j
    }

    func bareKeyEnd(_ i: Int) -> Int {
        var j = i
        while j < bytes.count && TOMLLexer.isBareKeyByte(bytes[j]) { j += 1 }
        return j
    }

    /// The end of a number, boolean or date-time word at `i`. A date
    /// followed by a space and a time (`1979-05-27 07:32:00`) is one word:
    /// TOML allows a space in place of the `T`.
    func valueWordEnd(_ i: Int) -> Int {
        var j = i
        while j < bytes.count && TOMLLexer.isWordByte(bytes[j]) { j += 1 }
        if j - i == 10, j + 3 < bytes.count, bytes[j] == TOMLLexer.space, TOMLValues.isFullDate(bytes, i),
            TOMLLexer.isDigit(bytes[j + 1]), TOMLLexer.isDigit(bytes[j + 2]), bytes[j + 3] == UInt8(ascii: ":")
        {
            j += 1
            while j < bytes.count && TOMLLexer.isWordByte(bytes[j]) { j += 1 }
        }
        return j
    }

    /// Scans the string starting at `i` (a `"` or `'`), checking every
    /// escape and character, and returns its kind and end. `allowMultiline`
    /// is false for keys, which cannot be multi-line strings.
    func string(at i: Int, allowMultiline: Bool) throws(TemplateError) -> (TOMLTokenKind, Int) {
        let delimiter = bytes[i]
        let tripled = i + 2 < bytes.count && bytes[i + 1] == delimiter && bytes[i + 2] == delimiter
        if tripled && allowMultiline {
            return delimiter == TOMLLexer.quote
                ? (.multilineBasicString, try multilineEnd(i, basic: true))
                : (.multilineLiteralString, try multilineEnd(i, basic: false))
        }
        let basic = delimiter == TOMLLexer.quote
        var j = i + 1
        while true {
            guard j < bytes.count else {
                throw error("unterminated string: the \(basic ? "\"" : "'") opened here is never closed", at: i)
            }
            let b = bytes[j]
            if b == delimiter { return (basic ? .basicString : .literalString, j + 1) }
            if b == TOMLLexer.lf || (b == TOMLLexer.cr && j + 1 < bytes.count && bytes[j + 1] == TOMLLexer.lf) {
                throw error(
                    "unterminated string: a single-line string must close on its line (use \(basic ? "\"\"\"" : "'''") for several lines)",
                    at: i)
            }
            if basic && b == TOMLLexer.backslash {
                j = try escapeEnd(j)
                continue
            }
            if TOMLLexer.isControl(b) {
                throw error("control character \(TOMLLexer.describe(b)) in a string; write it as an escape in a basic string", at: j)
            }
            j += 1
        }
    }

    /// The end of the escape at `i` (a backslash) in a basic string.
    func escapeEnd(_ i: Int) throws(TemplateError) -> Int {
        guard i + 1 < bytes.count else { throw error("unterminated string: it ends in a backslash", at: i) }
        switch bytes[i + 1] {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"), TOMLLexer.quote,
            TOMLLexer.backslash:
            return i + 2
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = bytes[i + 1] == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for k in 0..<count {
                let at = i + 2 + k
                guard at < bytes.count, TOMLLexer.isHex(bytes[at]) else {
                    throw error("\\\(Character(UnicodeScalar(bytes[i + 1]))) needs \(count) hexadecimal digits", at: i)
                }
                value = value &* 16 &+ UInt32(TOMLValues.hexValue(bytes[at]))
            }
            guard Unicode.Scalar(value) != nil else {
                throw error("the escape names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode scalar value", at: i)
            }
            return i + 2 + count
        default:
            let shown = bytes[i + 1] < 0x20 || bytes[i + 1] >= 0x7F ? TOMLLexer.describe(bytes[i + 1]) : "\\" + String(UnicodeScalar(bytes[i + 1]))
            throw error("invalid escape '\(shown)': TOML allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX", at: i)
        }
    }

    /// The end of a multi-line string opened by three delimiters at `i`.
    /// Up to two more delimiters may stand before the closing three: they
    /// belong to the content (`""""x""""` is not allowed, `"""x""""` is `x"`).
    func multilineEnd(_ i: Int, basic: Bool) throws(TemplateError) -> Int {
        let delimiter = basic ? TOMLLexer.quote : TOMLLexer.apostrophe
        var j = i + 3
        while true {
            guard j < bytes.count else {
                throw error("unterminated string: the \(basic ? "\"\"\"" : "'''") opened here is never closed", at: i)
            }
            let b = bytes[j]
            if b == delimiter {
                var run = 0
                while j + run < bytes.count && bytes[j + run] == delimiter { run += 1 }
                if run >= 3 {
                    guard run <= 5 else {
                        throw error("too many \(basic ? "quotes" : "apostrophes") at the end of a multi-line string", at: j + 5)
                    }
                    return j + run
                }
                j += run
                continue
            }
            if b == TOMLLexer.cr || b == TOMLLexer.lf {
                guard let end = try newlineEnd(j) else { return j }
                j = end
                continue
            }
            if basic && b == TOMLLexer.backslash {
                // A backslash ending a line (spaces may follow it) joins the lines.
                let after = whitespaceEnd(j + 1)
                if after < bytes.count, bytes[after] == TOMLLexer.lf || bytes[after] == TOMLLexer.cr {
                    j = after
                    while j < bytes.count {
                        if bytes[j] == TOMLLexer.space || bytes[j] == TOMLLexer.tab {
                            j += 1
                        } else if let end = try newlineEnd(j) {
                            j = end
                        } else {
                            break
                        }
                    }
                    continue
                }
                j = try escapeEnd(j)
                continue
            }
            if TOMLLexer.isControl(b) {
                throw error("control character \(TOMLLexer.describe(b)) in a string; write it as an escape in a basic string", at: j)
            }
            j += 1
        }
    }
}
