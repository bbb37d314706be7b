/// What TOML's values mean: classifying number, boolean and date-time
/// words, and decoding strings and keys.
public enum TOMLValues {
    static func hexValue(_ b: UInt8) -> UInt8 {
        if TOMLLexer.isDigit(b) { return b - 0x30 }
        if b >= UInt8(ascii: "a") { return b - UInt8(ascii: "a") + 10 }
        return b - UInt8(ascii: "A") + 10
    }

    /// Whether `bytes[i..<i+10]` has the shape `dddd-dd-dd`.
    static func isFullDate(_ bytes: [UInt8], _ i: Int) -> Bool {
        guard i + 10 <= bytes.count else { return false }
        for k in 0..<10 {
            let b = bytes[i + k]
            if k == 4 || k == 7 {
                if b != UInt8(ascii: "-") { return false }
            } else if !TOMLLexer.isDigit(b) {
                return false
            }
        }
        return true
    }

    /// The token kind of a number, boolean or date-time word, or nil when
    /// the word is none of them.
    static func classify(_ bytes: [UInt8], _ range: Range<Int>) -> TOMLTokenKind? {
        guard !range.isEmpty else { return nil }
        if matches(bytes, range, "true") || matches(bytes, range, "false") { return .boolean }
        if let kind = dateTimeKind(bytes, range) { return kind }
        return numberKind(bytes, range)
    }

    static func matches(_ bytes: [UInt8], _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            for k in 0..<buffer.count where bytes[range.lowerBound + k] != buffer[k] { return false }
            return true
        }
    }

    /// Digits of one base with single underscores between them; returns the
    /// end, or nil when there is no digit first or an underscore is not
    /// between two digits.
    static func digitRun(_ bytes: [UInt8], _ i: Int, _ end: Int, _ isDigit: (UInt8) -> Bool) -> Int? {
        guard i < end, isDigit(bytes[i]) else { return nil }
        var j = i + 1
        while j < end {
            if isDigit(bytes[j]) {
                j += 1
            } else if bytes[j] == UInt8(ascii: "_") && j + 1 < end && isDigit(bytes[j + 1]) {
                j += 2
            } else {
                break
            }
        }
        return j
    }

    /// `integer` or `float` for a TOML number word, nil otherwise.
    static func numberKind(_ bytes: [UInt8], _ range: Range<Int>) -> TOMLTokenKind? {
        let end = range.upperBound
        var i = range.lowerBound
        // An empty word is no number (and has no first byte to look at: the
        // edit fuzzer found `set` of "" on a number slot trapping here).
        guard i < end else { return nil }
        // 0x, 0o, 0b: no sign, no leading "+".
        if range.count > 2 && bytes[i] == UInt8(ascii: "0") {
            let isDigit: ((UInt8) -> Bool)?
            switch bytes[i + 1] {
            case UInt8(ascii: "x"): isDigit = TOMLLexer.isHex
            case UInt8(ascii: "o"): isDigit = { $0 >= 0x30 && $0 <= 0x37 }
            case UInt8(ascii: "b"): isDigit = { $0 == 0x30 || $0 == 0x31 }
            default: isDigit = nil
            }
            if let isDigit {
                return digitRun(bytes, i + 2, end, isDigit) == end ? .integer : nil
            }
        }
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        if matches(bytes, i..<end, "inf") || matches(bytes, i..<end, "nan") { return .float }
        guard i < end, TOMLLexer.isDigit(bytes[i]) else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1  // a leading zero stands alone
        } else {
            guard let after = digitRun(bytes, i, end, TOMLLexer.isDigit) else { return nil }
            i = after
        }
        var isFloat = false
        if i < end && bytes[i] == UInt8(ascii: ".") {
            guard let after = digitRun(bytes, i + 1, end, TOMLLexer.isDigit) else { return nil }
            i = after
            isFloat = true
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard let after = digitRun(bytes, i, end, TOMLLexer.isDigit) else { return nil }
            i = after
            isFloat = true
        }
        guard i == end else { return nil }
        return isFloat ? .float : .integer
    }

    static func twoDigits(_ bytes: [UInt8], _ i: Int) -> Int? {
        guard i + 2 <= bytes.count, TOMLLexer.isDigit(bytes[i]), TOMLLexer.isDigit(bytes[i + 1]) else { return nil }
        return Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30)
    }

    /// The end of a valid `HH:MM:SS(.fraction)?` at `i`, or nil.
    static func timeEnd(_ bytes: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard i + 8 <= end, let hour = twoDigits(bytes, i), bytes[i + 2] == UInt8(ascii: ":"),
            let minute = twoDigits(bytes, i + 3), bytes[i + 5] == UInt8(ascii: ":"), let second = twoDigits(bytes, i + 6),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var j = i + 8
        if j < end && bytes[j] == UInt8(ascii: ".") {
            j += 1
            let digitsStart = j
            while j < end && TOMLLexer.isDigit(bytes[j]) { j += 1 }
            guard j > digitsStart else { return nil }
        }
        return j
    }

    /// The date-time kind of a word, or nil. Dates are checked against the
    /// calendar (no February 30th; years from 1, as Python's datetime has it).
    static func dateTimeKind(_ bytes: [UInt8], _ range: Range<Int>) -> TOMLTokenKind? {
        let start = range.lowerBound
        let end = range.upperBound
        if range.count >= 8 && bytes[start + 2] == UInt8(ascii: ":") {
            return timeEnd(bytes, start, end) == end ? .localTime : nil
        }
        guard range.count >= 10, isFullDate(bytes, start),
            let century = twoDigits(bytes, start), let yy = twoDigits(bytes, start + 2),
            let month = twoDigits(bytes, start + 5), let day = twoDigits(bytes, start + 8)
        else { return nil }
        let year = century * 100 + yy
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        if range.count == 10 { return .localDate }
        let separator = bytes[start + 10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == TOMLLexer.space,
            let afterTime = timeEnd(bytes, start + 11, end)
        else { return nil }
        if afterTime == end { return .localDateTime }
        let zone = bytes[afterTime]
        if (zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z")) && afterTime + 1 == end { return .offsetDateTime }
        guard zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-"), afterTime + 6 == end,
            let hour = twoDigits(bytes, afterTime + 1), bytes[afterTime + 3] == UInt8(ascii: ":"),
            let minute = twoDigits(bytes, afterTime + 4), hour < 24, minute < 60
        else { return nil }
        return .offsetDateTime
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `text` is a TOML integer or float, as a number slot may be
    /// rewritten to.
    public static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return numberKind(bytes, 0..<bytes.count) != nil
    }

    /// The decoded contents of a string token (any of the four kinds),
    /// which the lexer has already checked.
    static func decodeString(_ bytes: [UInt8], _ token: TOMLToken) -> String {
        let range = token.range
        switch token.kind {
        case .literalString:
            return String(decoding: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)], as: UTF8.self)
        case .basicString:
            return decodeBasic(bytes, (range.lowerBound + 1)..<(range.upperBound - 1), multiline: false)
        case .multilineBasicString:
            return decodeBasic(bytes, multilineContent(bytes, range), multiline: true)
        case .multilineLiteralString:
            let content = multilineContent(bytes, range)
            var out: [UInt8] = []
            out.reserveCapacity(content.count)
            var i = content.lowerBound
            while i < content.upperBound {
                // CRLF reads as LF, as in Python's tomllib.
                if bytes[i] == TOMLLexer.cr && i + 1 < content.upperBound && bytes[i + 1] == TOMLLexer.lf {
                    i += 1
                    continue
                }
                out.append(bytes[i])
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        case .bareKey:
            return String(decoding: bytes[range], as: UTF8.self)
        default:
            return String(decoding: bytes[range], as: UTF8.self)
        }
    }

    /// A multi-line string's content: inside the three delimiters, less a
    /// newline right after the opening ones, which TOML trims.
    static func multilineContent(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound + 3
        let end = range.upperBound - 3
        if start < end && bytes[start] == TOMLLexer.lf {
            start += 1
        } else if start + 1 < end && bytes[start] == TOMLLexer.cr && bytes[start + 1] == TOMLLexer.lf {
            start += 2
        }
        return start..<max(start, end)
    }

    static func decodeBasic(_ bytes: [UInt8], _ content: Range<Int>, multiline: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = content.lowerBound
        let end = content.upperBound
        while i < end {
            let b = bytes[i]
            if b == TOMLLexer.cr && multiline && i + 1 < end && bytes[i + 1] == TOMLLexer.lf {
                i += 1
                continue
            }
            guard b == TOMLLexer.backslash, i + 1 < end else {
                out.append(b)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case TOMLLexer.quote, TOMLLexer.backslash: out.append(e)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                var k = 0
                while k < count && i + 2 + k < end {
                    value = value &* 16 &+ UInt32(hexValue(bytes[i + 2 + k]))
                    k += 1
                }
                if let scalar = Unicode.Scalar(value) { out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
                i += 2 + count
                continue
            default:
                // A line-ending backslash: skip it, the line ending and the
                // whitespace and newlines after it.
                var j = i + 1
                while j < end && (bytes[j] == TOMLLexer.space || bytes[j] == TOMLLexer.tab || bytes[j] == TOMLLexer.lf || bytes[j] == TOMLLexer.cr) {
                    j += 1
                }
                i = j
                continue
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
