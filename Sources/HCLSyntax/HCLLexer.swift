import TemplateSyntax

/// Splits HCL source bytes into tokens that cover every byte.
///
/// HCL's lexical structure is modal: inside a quoted string or heredoc the
/// bytes are template text, inside `${ }` they are expression tokens again,
/// and templates nest inside expressions inside templates. The lexer keeps a
/// small stack of modes so the parser sees one flat token stream; the stack
/// only grows at template boundaries, never per token.
struct HCLLexer {
    /// The mode the lexer is in, innermost last.
    enum Frame {
        /// Expression tokens. `opener` is the offset of the `${`/`%{` when
        /// this frame is a template sequence; `braces` counts open `{` so the
        /// matching `}` ends the sequence.
        case expression(opener: Int?, braces: Int)
        /// Inside `"..."`; `start` is the opening quote.
        case quoted(start: Int)
        /// Inside a heredoc; `marker` is the closing marker's byte range and
        /// `start` the `<<`.
        case heredoc(marker: Range<Int>, start: Int)
    }

    let source: SourceText
    let bytes: [UInt8]
    var position = 0
    var tokens: [HCLToken] = []
    var frames: [Frame] = [.expression(opener: nil, braces: 0)]

    init(_ source: SourceText) {
        self.source = source
        self.bytes = source.bytes
        // Real files run 2.5 to 3.5 bytes a token; reserving for 2 keeps the
        // array from doubling (and copying) near the end. Pages never
        // written are never resident.
        tokens.reserveCapacity(bytes.count / 2 + 4)
    }

    /// Tokenises the whole source.
    static func tokenize(_ source: SourceText) throws(TemplateError) -> [HCLToken] {
        var lexer = HCLLexer(source)
        try lexer.run()
        return lexer.tokens
    }

    mutating func run() throws(TemplateError) {
        guard bytes.count < Int(UInt32.max) else {
            throw TemplateError(.syntax, "the file is too large (over 4 GB) to parse", at: 0)
        }
        if let bad = UTF8Validation.firstInvalid(bytes) {
            throw TemplateError(.syntax, "invalid UTF-8: HCL files must be UTF-8 text", at: bad)
        }
        // A NUL is valid UTF-8 but never text: in a .tf file it is corruption
        // (a truncated write, a binary pasted in), and a value holding one
        // would be read back lossily by every tool downstream.
        if let nul = UTF8Validation.firstNUL(bytes) {
            throw TemplateError(.syntax, "a NUL byte: HCL files must be text", at: nul)
        }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            add(.byteOrderMark, 0, 3)
        }
        while position < bytes.count {
            let before = position
            switch frames[frames.count - 1] {
            case .expression(let opener, let braces):
                try lexExpression(opener: opener, braces: braces)
            case .quoted(let start):
                try lexQuoted(start: start)
            case .heredoc(let marker, let start):
                try lexHeredoc(marker: marker, start: start)
            }
            // Every step consumes input; one that did not would loop forever.
            if position == before {
                throw TemplateError(.syntax, "internal lexer error: no progress", at: position)
            }
        }
        try checkEnd()
        add(.endOfFile, bytes.count, bytes.count)
    }

    // MARK: - Helpers

    @inline(__always)
    mutating func add(_ kind: HCLTokenKind, _ start: Int, _ end: Int) {
        tokens.append(HCLToken(kind, start, end))
        position = end
    }

    func byte(_ offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    func at(_ text: StaticString, _ offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return text.withUTF8Buffer { buffer in
            for i in 0..<count where buffer[i] != bytes[offset + i] { return false }
            return true
        }
    }

    mutating func push(_ frame: Frame) throws(TemplateError) {
        // A template inside an expression takes two frames (the string and
        // its `${`), so the bound is twice the parser's.
        if frames.count > 2 * HCLParser.maxDepth {
            throw TemplateError(
                .syntax, "nesting too deep: more than \(HCLParser.maxDepth) levels of templates in expressions", at: position)
        }
        frames.append(frame)
    }

    mutating func setBraces(_ braces: Int, opener: Int?) {
        frames[frames.count - 1] = .expression(opener: opener, braces: braces)
    }

    func describeByte(at offset: Int) -> String {
        let b = byte(offset)
        if b >= 0x21 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
        if b >= 0x80 {
            var end = offset + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            let text = source.text(offset..<end)
            if let scalar = text.unicodeScalars.first {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "'\(text)' (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))"
            }
        }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
    }

    func where_(_ offset: Int) -> String { source.location(of: offset).description }

    static func isASCIIIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
    }

    /// One shift and mask, not five compares: the low word has the bits of
    /// `-` and `0`-`9`, the high word (bytes 0x40 to 0x7F) `A`-`Z`, `_`, `a`-`z`.
    @inline(__always)
    static func isASCIIIdentifierContinue(_ b: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x2D | 0x3FF << 0x30
        let high: UInt64 = 0x3FF_FFFF << 0x01 | 1 << 0x1F | 0x3FF_FFFF << 0x21
        let mask = b < 0x40 ? low : high
        return b < 0x80 && (mask >> (UInt64(b) & 63)) & 1 != 0
    }

    /// The scalar encoded at `offset` (the text is valid UTF-8 by now) and its length.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        let b = bytes[offset]
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard offset + length <= bytes.count else { return nil }
        var value = UInt32(b) & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// Where the identifier starting at `start` ends, nil when none starts
    /// there: `ID_Start (ID_Continue | "-")*` per UAX #31, plus `_` as a start.
    func identifierEnd(from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        var end = start
        let first = bytes[start]
        if first < 0x80 {
            guard HCLLexer.isASCIIIdentifierStart(first) else { return nil }
            end += 1
        } else {
            guard let (scalar, length) = scalar(at: start), scalar.properties.isIDStart else { return nil }
            end += length
        }
        while end < bytes.count {
            let b = bytes[end]
            if b < 0x80 {
                guard HCLLexer.isASCIIIdentifierContinue(b) else { break }
                end += 1
            } else {
                guard let (scalar, length) = scalar(at: end), scalar.properties.isIDContinue else { break }
                end += length
            }
        }
        return end
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }

    // MARK: - Expression mode

    mutating func lexExpression(opener: Int?, braces: Int) throws(TemplateError) {
        let start = position
        let b = bytes[start]
        switch b {
        case 0x20, 0x09:
            var end = start + 1
            while end < bytes.count && (bytes[end] == 0x20 || bytes[end] == 0x09) { end += 1 }
            add(.whitespace, start, end)
        case 0x0A:
            add(.newline, start, start + 1)
        case 0x0D:
            guard byte(start + 1) == 0x0A else {
                throw TemplateError(.syntax, "a carriage return must be followed by a line feed", at: start)
            }
            add(.newline, start, start + 2)
        case UInt8(ascii: "#"):
            lexLineComment(from: start)
        case UInt8(ascii: "/"):
            if byte(start + 1) == UInt8(ascii: "/") {
                lexLineComment(from: start)
            } else if byte(start + 1) == UInt8(ascii: "*") {
                var end = start + 2
                while end + 1 < bytes.count && !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) {
                    end += 1
                }
                guard end + 1 < bytes.count else {
                    throw TemplateError(.syntax, "unterminated comment: no '*/' closes the '/*' opened here", at: start)
                }
                add(.blockComment, start, end + 2)
            } else {
                add(.slash, start, start + 1)
            }
        case UInt8(ascii: "\""):
            add(.openQuote, start, start + 1)
            try push(.quoted(start: start))
        case UInt8(ascii: "{"):
            add(.leftBrace, start, start + 1)
            setBraces(braces + 1, opener: opener)
        case UInt8(ascii: "}"):
            if braces > 0 {
                add(.rightBrace, start, start + 1)
                setBraces(braces - 1, opener: opener)
            } else if opener != nil {
                add(.templateSeqEnd, start, start + 1)
                frames.removeLast()
            } else {
                // A stray brace: the parser says where and why.
                add(.rightBrace, start, start + 1)
            }
        case UInt8(ascii: "~"):
            guard byte(start + 1) == UInt8(ascii: "}"), braces == 0, opener != nil else {
                throw TemplateError(
                    .syntax, "unexpected '~': a strip marker goes only right after '${' or '%{' or right before their '}'",
                    at: start)
            }
            add(.templateSeqEnd, start, start + 2)
            frames.removeLast()
        case UInt8(ascii: "["): add(.leftBracket, start, start + 1)
        case UInt8(ascii: "]"): add(.rightBracket, start, start + 1)
        case UInt8(ascii: "("): add(.leftParen, start, start + 1)
        case UInt8(ascii: ")"): add(.rightParen, start, start + 1)
        case UInt8(ascii: ","): add(.comma, start, start + 1)
        case UInt8(ascii: "?"): add(.question, start, start + 1)
        case UInt8(ascii: "+"): add(.plus, start, start + 1)
        case UInt8(ascii: "-"): add(.minus, start, start + 1)
        case UInt8(ascii: "*"): add(.star, start, start + 1)
        case UInt8(ascii: "%"): add(.percent, start, start + 1)
        case UInt8(ascii: ":"):
            if byte(start + 1) == UInt8(ascii: ":") { add(.doubleColon, start, start + 2) } else { add(.colon, start, start + 1) }
        case UInt8(ascii: "."):
            if at("...", start) { add(.ellipsis, start, start + 3) } else { add(.dot, start, start + 1) }
        case UInt8(ascii: "="):
            switch byte(start + 1) {
            case UInt8(ascii: "="): add(.equalEqual, start, start + 2)
            case UInt8(ascii: ">"): add(.fatArrow, start, start + 2)
            default: add(.equals, start, start + 1)
            }
        case UInt8(ascii: "!"):
            if byte(start + 1) == UInt8(ascii: "=") { add(.bangEqual, start, start + 2) } else { add(.bang, start, start + 1) }
        case UInt8(ascii: ">"):
            if byte(start + 1) == UInt8(ascii: "=") { add(.greaterEqual, start, start + 2) } else { add(.greater, start, start + 1) }
        case UInt8(ascii: "<"):
            if byte(start + 1) == UInt8(ascii: "<") {
                try lexHeredocBegin(from: start)
            } else if byte(start + 1) == UInt8(ascii: "=") {
                add(.lessEqual, start, start + 2)
            } else {
                add(.less, start, start + 1)
            }
        case UInt8(ascii: "&"):
            guard byte(start + 1) == UInt8(ascii: "&") else {
                throw TemplateError(.syntax, "unexpected '&': the logical and operator is '&&'", at: start)
            }
            add(.andAnd, start, start + 2)
        case UInt8(ascii: "|"):
            guard byte(start + 1) == UInt8(ascii: "|") else {
                throw TemplateError(.syntax, "unexpected '|': the logical or operator is '||'", at: start)
            }
            add(.orOr, start, start + 2)
        default:
            if HCLLexer.isDigit(b) {
                lexNumber(from: start)
            } else if let end = identifierEnd(from: start) {
                add(.identifier, start, end)
            } else {
                throw TemplateError(.syntax, "unexpected character \(describeByte(at: start))", at: start)
            }
        }
    }

    mutating func lexLineComment(from start: Int) {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        // The `\r` of a CRLF belongs to the newline token, not the comment.
        if end < bytes.count && end > start && bytes[end - 1] == 0x0D { end -= 1 }
        add(.lineComment, start, end)
    }

    mutating func lexNumber(from start: Int) {
        var end = start
        while HCLLexer.isDigit(byte(end)) { end += 1 }
        if byte(end) == UInt8(ascii: "."), HCLLexer.isDigit(byte(end + 1)) {
            end += 1
            while HCLLexer.isDigit(byte(end)) { end += 1 }
        }
        if byte(end) == UInt8(ascii: "e") || byte(end) == UInt8(ascii: "E") {
            var exponent = end + 1
            if byte(exponent) == UInt8(ascii: "+") || byte(exponent) == UInt8(ascii: "-") { exponent += 1 }
            if HCLLexer.isDigit(byte(exponent)) {
                end = exponent
                while HCLLexer.isDigit(byte(end)) { end += 1 }
            }
        }
        add(.number, start, end)
    }

    mutating func lexHeredocBegin(from start: Int) throws(TemplateError) {
        var cursor = start + 2
        if byte(cursor) == UInt8(ascii: "-") { cursor += 1 }
        let markerStart = cursor
        guard let markerEnd = identifierEnd(from: cursor) else {
            throw TemplateError(.syntax, "expected a heredoc marker such as EOF right after '<<'", at: cursor)
        }
        cursor = markerEnd
        let marker = markerStart..<cursor
        if byte(cursor) == 0x0D && byte(cursor + 1) == 0x0A {
            cursor += 2
        } else if byte(cursor) == 0x0A {
            cursor += 1
        } else {
            throw TemplateError(
                .syntax, "expected a newline right after the heredoc marker '\(source.text(marker))'", at: cursor)
        }
        add(.heredocBegin, start, cursor)
        try push(.heredoc(marker: marker, start: start))
    }

    // MARK: - Quoted template mode

    mutating func lexQuoted(start quoteStart: Int) throws(TemplateError) {
        let start = position
        let b = bytes[start]
        if b == UInt8(ascii: "\"") {
            add(.closeQuote, start, start + 1)
            frames.removeLast()
            return
        }
        if let sequence = templateSequence(at: start) {
            try enterSequence(sequence, at: start)
            return
        }
        var end = start
        while end < bytes.count {
            let c = bytes[end]
            if c == UInt8(ascii: "\"") || c == 0x0A || (c == 0x0D && byte(end + 1) == 0x0A) { break }
            if c == UInt8(ascii: "\\") {
                end = try escapeEnd(at: end)
                continue
            }
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "%") {
                if byte(end + 1) == c && byte(end + 2) == UInt8(ascii: "{") {
                    end += 3  // `$${` and `%%{` are literal `${` and `%{`
                    continue
                }
                if byte(end + 1) == UInt8(ascii: "{") { break }
            }
            end += 1
        }
        if end > start { add(.templateLiteral, start, end) }
        if end >= bytes.count || bytes[end] == 0x0A || bytes[end] == 0x0D {
            throw unterminatedString(quoteStart: quoteStart, at: end)
        }
    }

    func unterminatedString(quoteStart: Int, at end: Int) -> TemplateError {
        // `"x ${var.y"`: the quote meant to close the string opened a new one
        // inside the unclosed interpolation; say what the author got wrong.
        if frames.count >= 3, case .expression(let opener?, _) = frames[frames.count - 2],
            case .quoted = frames[frames.count - 3]
        {
            let kind = byte(opener) == UInt8(ascii: "$") ? "interpolation" : "directive"
            let open = byte(opener) == UInt8(ascii: "$") ? "${" : "%{"
            return TemplateError(
                .syntax, "unclosed \(kind): expected '}' to close the '\(open)' opened at \(where_(opener))",
                at: quoteStart, notes: [.init("'\(open)' opened here", at: opener)])
        }
        return TemplateError(
            .syntax, "unterminated string: no closing '\"' before the end of the line",
            at: quoteStart, notes: [.init("the line ends here", at: end)])
    }

    /// Where the escape sequence starting with the backslash at `offset` ends.
    func escapeEnd(at offset: Int) throws(TemplateError) -> Int {
        let next = byte(offset + 1)
        switch next {
        case UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
            return offset + 2
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = next == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for i in 0..<digits {
                let h = byte(offset + 2 + i)
                guard HCLLexer.isHex(h) else {
                    throw TemplateError(
                        .syntax, "invalid escape: '\\\(Character(UnicodeScalar(next)))' needs \(digits) hexadecimal digits",
                        at: offset)
                }
                value = value &* 16 &+ UInt32(HCLLexer.hexValue(h))
            }
            guard UnicodeScalar(value) != nil else {
                throw TemplateError(.syntax, "invalid escape: U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar", at: offset)
            }
            return offset + 2 + digits
        default:
            let shown = next >= 0x21 && next < 0x7F ? "\\\(Character(UnicodeScalar(next)))" : "\\"
            throw TemplateError(
                .syntax, "invalid escape sequence '\(shown)': use \\n \\r \\t \\\" \\\\ \\uNNNN or \\UNNNNNNNN", at: offset)
        }
    }

    static func hexValue(_ h: UInt8) -> UInt8 {
        if h <= 0x39 { return h - 0x30 }
        return (h | 0x20) - 0x61 + 10
    }

    /// `${`, `${~`, `%{` or `%{~` at `offset`: the token kind and its length.
    func templateSequence(at offset: Int) -> (HCLTokenKind, Int)? {
        let b = byte(offset)
        guard (b == UInt8(ascii: "$") || b == UInt8(ascii: "%")), byte(offset + 1) == UInt8(ascii: "{") else { return nil }
        let kind: HCLTokenKind = b == UInt8(ascii: "$") ? .templateInterp : .templateControl
        return (kind, byte(offset + 2) == UInt8(ascii: "~") ? 3 : 2)
    }

    mutating func enterSequence(_ sequence: (HCLTokenKind, Int), at start: Int) throws(TemplateError) {
        add(sequence.0, start, start + sequence.1)
        try push(.expression(opener: start, braces: 0))
    }

    // MARK: - Heredoc mode

    mutating func lexHeredoc(marker: Range<Int>, start heredocStart: Int) throws(TemplateError) {
        let start = position
        if start == 0 || bytes[start - 1] == 0x0A {
            // At a line start: is this the closing marker on a line of its own?
            var cursor = start
            while byte(cursor) == 0x20 || byte(cursor) == 0x09 { cursor += 1 }
            if cursor + marker.count <= bytes.count && bytes[cursor..<cursor + marker.count].elementsEqual(bytes[marker]) {
                let after = cursor + marker.count
                if after == bytes.count || bytes[after] == 0x0A || (bytes[after] == 0x0D && byte(after + 1) == 0x0A) {
                    add(.heredocEnd, start, after)
                    frames.removeLast()
                    return
                }
            }
        }
        if let sequence = templateSequence(at: start) {
            try enterSequence(sequence, at: start)
            return
        }
        var end = start
        while end < bytes.count {
            let c = bytes[end]
            if c == 0x0A {
                end += 1
                break
            }
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "%") {
                if byte(end + 1) == c && byte(end + 2) == UInt8(ascii: "{") {
                    end += 3
                    continue
                }
                if byte(end + 1) == UInt8(ascii: "{") { break }
            }
            end += 1
        }
        add(.templateLiteral, start, end)
        if end >= bytes.count {
            throw TemplateError(
                .syntax, "unterminated heredoc: no line with \(source.text(marker))", at: heredocStart)
        }
    }

    // MARK: - End of input

    func checkEnd() throws(TemplateError) {
        guard let frame = frames.last else { return }
        switch frame {
        case .expression(let opener?, _):
            let open = byte(opener) == UInt8(ascii: "$") ? "${" : "%{"
            let kind = open == "${" ? "interpolation" : "directive"
            throw TemplateError(
                .syntax, "unclosed \(kind): expected '}' to close the '\(open)' opened at \(where_(opener))",
                at: bytes.count, notes: [.init("'\(open)' opened here", at: opener)])
        case .expression:
            return
        case .quoted(let start):
            throw unterminatedString(quoteStart: start, at: bytes.count)
        case .heredoc(let marker, let start):
            throw TemplateError(.syntax, "unterminated heredoc: no line with \(source.text(marker))", at: start)
        }
    }
}
