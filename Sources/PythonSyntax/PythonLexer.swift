import TemplateSyntax

/// Tokenizes Python 3 source bytes the way CPython 3.12+ does (PEP 701
/// f-strings, t-strings of 3.14), into one flat token array.
///
/// One pass, no recursion: nested brackets and f-strings live on two small
/// explicit stacks, both bounded, so no input can exhaust memory or the call
/// stack, and every step of the loop consumes at least one byte or ends it.
struct PythonLexer {
    /// CPython's own limits (MAXLEVEL, MAXFSTRINGLEVEL): beyond them Python
    /// rejects the file too.
    static let maximumBracketDepth = 200
    static let maximumFStringDepth = 150

    /// What the lexer is inside of, innermost last.
    private struct Mode {
        enum Kind { case literal, field, formatSpec }
        var kind: Kind
        var quote: UInt8
        var triple: Bool
        var raw: Bool
        var template: Bool
        /// For a field: the bracket depth just after its `{`.
        var depth: Int
        /// Where the f-string opened, for "unterminated" errors.
        var opened: Int
    }

    private struct Bracket {
        var byte: UInt8
        var offset: Int
    }

    private(set) var tokens: [PythonToken] = []
    private var brackets: [Bracket] = []
    private var modes: [Mode] = []
    /// Indentation levels: column with tabs to multiples of 8, and with tabs
    /// as one column; CPython requires both orders to agree.
    private var indents: [(column: Int, alternate: Int)] = [(0, 0)]
    /// Whether the current logical line has a token the parser sees.
    private var lineHasTokens = false
    /// Bytes >= 0x80 are Latin-1 characters, not UTF-8.
    private var latin1 = false

    /// Tokenizes `bytes`, read in `encoding`: first every byte must be text
    /// in it (no NUL, no invalid UTF-8), as Python requires before it
    /// tokenizes anything.
    static func tokenize(_ bytes: [UInt8], encoding: PythonSourceEncoding = .utf8) throws(TemplateError) -> [PythonToken] {
        guard bytes.count < Int(UInt32.max) else {
            throw TemplateError(.syntax, "the file is larger than 4 GiB, which tplpatch does not handle", at: 0)
        }
        try encoding.check(bytes)
        var lexer = PythonLexer()
        lexer.latin1 = encoding == .latin1
        // Real modules run about 3 bytes a token; reserving for 2 keeps the
        // array from doubling (and copying) near the end. Pages never
        // written are never resident.
        lexer.tokens.reserveCapacity(bytes.count / 2 + 16)
        try bytes.withUnsafeBufferPointer { (buffer) throws(TemplateError) in
            try lexer.run(buffer)
        }
        try lexer.checkBlocks(bytes)
        return lexer.tokens
    }

    @inline(__always)
    private mutating func emit(_ kind: PythonToken.Kind, _ start: Int, _ end: Int) {
        tokens.append(PythonToken(kind, start, end))
        if kind != .comment && kind != .nl && kind != .newline { lineHasTokens = true }
    }

    // MARK: Character classes

    @inline(__always) static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c >= 0x80
    }

    @inline(__always) static func isIdentifierContinue(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) static func isNewline(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }

    // MARK: The loop

    private mutating func run(_ b: UnsafeBufferPointer<UInt8>) throws(TemplateError) {
        let n = b.count
        var i = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        var atLineStart = true

        while true {
            if let mode = modes.last, mode.kind != .field {
                i = try scanFStringText(b, from: i)
                continue
            }
            if atLineStart {
                atLineStart = false
                i = try indentation(b, from: i)
            }
            // Trivia: blanks and backslash continuations.
            while i < n {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0C {
                    i += 1
                } else if c == 0x5C {
                    var j = i + 1
                    if j < n && b[j] == 0x0D { j += 1 }
                    if j < n && b[j] == 0x0A { j += 1 }
                    guard j > i + 1 else {
                        if j >= n { throw TemplateError(.syntax, "unexpected end of file after a line continuation character", at: i) }
                        throw TemplateError(.syntax, "unexpected character after line continuation character", at: i)
                    }
                    // A continuation at the end of the file: Python reports it too.
                    if j >= n { throw TemplateError(.syntax, "unexpected end of file after a line continuation character", at: i) }
                    i = j
                } else {
                    break
                }
            }
            guard i < n else { break }
            let c = b[i]
            let start = i

            if c == 0x23 {  // '#'
                while i < n && !PythonLexer.isNewline(b[i]) { i += 1 }
                emit(.comment, start, i)
                continue
            }
            if PythonLexer.isNewline(c) {
                i += (c == 0x0D && i + 1 < n && b[i + 1] == 0x0A) ? 2 : 1
                if brackets.isEmpty && lineHasTokens {
                    emit(.newline, start, i)
                    lineHasTokens = false
                } else {
                    emit(.nl, start, i)
                }
                if brackets.isEmpty { atLineStart = true }
                continue
            }
            if PythonLexer.isIdentifierStart(c) {
                var bits = c
                i += 1
                while i < n && PythonLexer.isIdentifierContinue(b[i]) {
                    bits |= b[i]
                    i += 1
                }
                if i < n && (b[i] == 0x22 || b[i] == 0x27), let prefix = StringPrefix(b, start..<i) {
                    i = try scanStringStart(b, prefixStart: start, quoteAt: i, prefix: prefix)
                } else {
                    // An all-ASCII name (no byte with the high bit) is an identifier as scanned.
                    if bits >= 0x80 { try verifyIdentifier(b, start..<i) }
                    emit(.name, start, i)
                }
                continue
            }
            if PythonLexer.isDigit(c) || (c == 0x2E && i + 1 < n && PythonLexer.isDigit(b[i + 1])) {
                i = PythonNumber.scan(b, from: i)
                emit(.number, start, i)
                continue
            }
            if c == 0x22 || c == 0x27 {
                i = try scanStringStart(b, prefixStart: start, quoteAt: i, prefix: StringPrefix())
                continue
            }
            i = try scanOperator(b, from: i)
        }

        // End of file.
        if let mode = modes.last {
            throw TemplateError(.syntax, mode.template ? "unterminated t-string (opened here)" : "unterminated f-string (opened here)", at: mode.opened)
        }
        if let open = brackets.last {
            throw TemplateError(.syntax, "'\(Character(Unicode.Scalar(open.byte)))' was never closed", at: open.offset)
        }
        if lineHasTokens { emit(.newline, n, n) }
        for _ in 1..<indents.count { emit(.dedent, n, n) }
        emit(.endMarker, n, n)
    }

    /// The two indentation rules of CPython's parser that need no grammar:
    /// an INDENT comes only after a line ending in `:` ("unexpected
    /// indent"), and a line ending in `:` is followed by an INDENT
    /// ("expected an indented block"). A `:` can end a logical line only as
    /// a compound statement's header, so both hold in every valid module.
    private func checkBlocks(_ bytes: [UInt8]) throws(TemplateError) {
        var lastSignificant: Int? = nil  // before the current token, comments and NL left out
        var beforeNewline: Int? = nil  // the token that ended the last logical line
        var awaitingBlock: Int? = nil  // the `:` of a header whose block has not started
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .comment, .nl:
                continue
            case .indent:
                let afterNewline = lastSignificant.map { tokens[$0].kind == .newline } ?? false
                guard afterNewline, let header = beforeNewline, isColon(tokens[header], bytes) else {
                    throw TemplateError(.syntax, "unexpected indent", at: token.range.upperBound)
                }
                awaitingBlock = nil
            case .newline:
                beforeNewline = lastSignificant
                if let last = lastSignificant, isColon(tokens[last], bytes) { awaitingBlock = last }
            default:
                if let colon = awaitingBlock {
                    throw TemplateError(
                        .syntax, "expected an indented block after the ':' at the end of this line", at: tokens[colon].range.lowerBound)
                }
            }
            lastSignificant = index
        }
    }

    private func isColon(_ token: PythonToken, _ bytes: [UInt8]) -> Bool {
        token.kind == .op && token.range.count == 1 && bytes[token.range.lowerBound] == 0x3A
    }

    /// Measures the indentation of a new line and emits INDENT or DEDENT tokens.
    private mutating func indentation(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(TemplateError) -> Int {
        let n = b.count
        var i = start
        var column = 0
        var alternate = 0
        while i < n {
            switch b[i] {
            case 0x20:
                column += 1
                alternate += 1
            case 0x09:
                column = (column / 8 + 1) * 8
                alternate += 1
            case 0x0C:
                // A form feed resets the column, as in CPython.
                column = 0
                alternate = 0
            default:
                break
            }
            guard b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0C else { break }
            i += 1
        }
        // Blank and comment-only lines do not take part in indentation.
        if i >= n || b[i] == 0x23 || PythonLexer.isNewline(b[i]) { return i }
        // Neither does a line that is only a backslash continuation.
        if b[i] == 0x5C { return i }
        let top = indents[indents.count - 1]
        if column == top.column {
            guard alternate == top.alternate else { throw inconsistentIndentation(i) }
        } else if column > top.column {
            guard alternate > top.alternate else { throw inconsistentIndentation(i) }
            guard indents.count < 100 else {
                throw TemplateError(.syntax, "too many levels of indentation", at: i)
            }
            indents.append((column, alternate))
            emit(.indent, start, i)
        } else {
            while indents.count > 1 && column < indents[indents.count - 1].column {
                indents.removeLast()
                emit(.dedent, i, i)
            }
            let level = indents[indents.count - 1]
            guard column == level.column else {
                throw TemplateError(.syntax, "unindent does not match any outer indentation level", at: i)
            }
            guard alternate == level.alternate else { throw inconsistentIndentation(i) }
        }
        return i
    }

    private func inconsistentIndentation(_ offset: Int) -> TemplateError {
        TemplateError(.syntax, "inconsistent use of tabs and spaces in indentation", at: offset)
    }

    // MARK: Operators

    private mutating func scanOperator(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(TemplateError) -> Int {
        let n = b.count
        let c = b[start]
        let c1: UInt8 = start + 1 < n ? b[start + 1] : 0
        let c2: UInt8 = start + 2 < n ? b[start + 2] : 0
        var length = 1
        switch c {
        case 0x28, 0x5B, 0x7B:  // ( [ {
            guard brackets.count < PythonLexer.maximumBracketDepth else {
                throw TemplateError(.syntax, "too many nested parentheses", at: start)
            }
            brackets.append(Bracket(byte: c, offset: start))
            emit(.op, start, start + 1)
            return start + 1
        case 0x29, 0x5D, 0x7D:  // ) ] }
            let expected: UInt8 = c == 0x29 ? 0x28 : (c == 0x5D ? 0x5B : 0x7B)
            let closing = Character(Unicode.Scalar(c))
            guard let open = brackets.last else {
                throw TemplateError(.syntax, "unmatched '\(closing)'", at: start)
            }
            guard open.byte == expected else {
                throw TemplateError(
                    .syntax,
                    "closing parenthesis '\(closing)' does not match opening parenthesis '\(Character(Unicode.Scalar(open.byte)))'",
                    at: start)
            }
            brackets.removeLast()
            emit(.op, start, start + 1)
            if c == 0x7D, let mode = modes.last, mode.kind == .field, brackets.count == mode.depth - 1 {
                modes.removeLast()  // the replacement field is closed: back to the string's text
            }
            return start + 1
        case 0x3A:  // ':'
            if let mode = modes.last, mode.kind == .field, brackets.count == mode.depth {
                emit(.op, start, start + 1)
                modes[modes.count - 1].kind = .formatSpec
                return start + 1
            }
            if c1 == 0x3D { length = 2 }  // :=
        case 0x2E:  // '.'
            if c1 == 0x2E && c2 == 0x2E { length = 3 }
        case 0x2D:  // '-'
            if c1 == 0x3D || c1 == 0x3E { length = 2 }  // -= ->
        case 0x2A, 0x2F, 0x3C, 0x3E:  // * / < >
            if c1 == c {
                length = c2 == 0x3D ? 3 : 2  // **= //= <<= >>=, ** // << >>
            } else if c1 == 0x3D {
                length = 2
            } else if c == 0x3C && c1 == 0x3E {
                length = 2  // <> (PEP 401's joke operator is still a token)
            }
        case 0x2B, 0x25, 0x26, 0x7C, 0x5E, 0x40, 0x3D, 0x21:  // + % & | ^ @ = !
            if c1 == 0x3D { length = 2 }
        case 0x2C, 0x3B, 0x7E:  // , ; ~
            break
        default:
            throw invalidCharacter(b, at: start)
        }
        emit(.op, start, start + length)
        return start + length
    }

    /// A name holding non-ASCII characters must be an identifier (its first
    /// character XID_Start or `_`, the rest XID_Continue), as CPython checks
    /// it: `x\u{A0}= 1` or `a×b` is an error at the character, not a name.
    private func verifyIdentifier(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(TemplateError) {
        var i = range.lowerBound
        while i < range.upperBound && b[i] < 0x80 { i += 1 }
        guard i < range.upperBound else { return }
        while i < range.upperBound {
            let start = i
            let scalar: Unicode.Scalar
            if b[i] < 0x80 || latin1 {
                scalar = Unicode.Scalar(b[i])
                i += 1
            } else {
                // The bytes are valid UTF-8 (checked before tokenizing).
                let length = min(UTF8Validation.sequenceLength(b, at: i) ?? 1, range.upperBound - i)
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + length)]), as: UTF8.self)
                scalar = text.unicodeScalars.first ?? "\u{FFFD}"
                i += length
            }
            let properties = scalar.properties
            let valid = start == range.lowerBound ? (properties.isXIDStart || scalar == "_") : properties.isXIDContinue
            guard valid else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                if PythonLexer.isPrintable(scalar) {
                    throw TemplateError(.syntax, "invalid character '\(Character(scalar))' (\(code))", at: start)
                }
                throw TemplateError(.syntax, "invalid non-printable character \(code)", at: start)
            }
        }
    }

    /// Python's `str.isprintable` for one character: not a control, format,
    /// surrogate, private-use, unassigned or separator character (but space).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private func invalidCharacter(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> TemplateError {
        let c = b[offset]
        let hex = String(c, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if c >= 0x20 && c < 0x7F {
            return TemplateError(.syntax, "invalid character '\(Character(Unicode.Scalar(c)))' (\(code))", at: offset)
        }
        return TemplateError(.syntax, "invalid non-printable character \(code)", at: offset)
    }

    // MARK: Strings

    /// Scans a string literal or the start of an f-/t-string whose prefix
    /// spans `prefixStart..<quoteAt`.
    private mutating func scanStringStart(
        _ b: UnsafeBufferPointer<UInt8>, prefixStart: Int, quoteAt: Int, prefix: StringPrefix
    ) throws(TemplateError) -> Int {
        let n = b.count
        let quote = b[quoteAt]
        let triple = quoteAt + 2 < n && b[quoteAt + 1] == quote && b[quoteAt + 2] == quote
        var i = quoteAt + (triple ? 3 : 1)
        if prefix.isFormatted || prefix.isTemplate {
            guard modes.count < PythonLexer.maximumFStringDepth else {
                throw TemplateError(.syntax, "f-strings are nested too deeply", at: prefixStart)
            }
            emit(prefix.isTemplate ? .tstringStart : .fstringStart, prefixStart, i)
            modes.append(
                Mode(kind: .literal, quote: quote, triple: triple, raw: prefix.isRaw, template: prefix.isTemplate, depth: 0, opened: prefixStart))
            return i
        }
        while true {
            guard i < n else {
                throw TemplateError(
                    .syntax, triple ? "unterminated triple-quoted string (opened here)" : "unterminated string", at: prefixStart)
            }
            let c = b[i]
            if c == quote {
                if !triple {
                    i += 1
                    break
                }
                if i + 2 < n && b[i + 1] == quote && b[i + 2] == quote {
                    i += 3
                    break
                }
                i += 1
            } else if c == 0x5C {
                // A backslash keeps the next byte from ending the string, raw or not.
                i += 1
                if i < n && b[i] == 0x0D && i + 1 < n && b[i + 1] == 0x0A { i += 1 }
                if i < n { i += 1 }
            } else if !triple && PythonLexer.isNewline(c) {
                throw TemplateError(.syntax, "unterminated string", at: prefixStart)
            } else {
                i += 1
            }
        }
        emit(.string, prefixStart, i)
        return i
    }

    /// Scans the literal text of the innermost f-string (or a format spec)
    /// up to a replacement field, the end of the spec, or the closing quote.
    private mutating func scanFStringText(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(TemplateError) -> Int {
        let n = b.count
        let mode = modes[modes.count - 1]
        let middle: PythonToken.Kind = mode.template ? .tstringMiddle : .fstringMiddle
        let inSpec = mode.kind == .formatSpec
        var i = start
        var namedEscape = false  // inside \N{...}, whose braces are not fields
        while true {
            guard i < n else {
                throw TemplateError(.syntax, mode.template ? "unterminated t-string (opened here)" : "unterminated f-string (opened here)", at: mode.opened)
            }
            let c = b[i]
            if c == mode.quote && (!mode.triple || (i + 2 < n && b[i + 1] == c && b[i + 2] == c)) {
                if inSpec {
                    throw TemplateError(.syntax, "f-string: expecting '}' to close the replacement field", at: i)
                }
                if i > start { emit(middle, start, i) }
                let end = i + (mode.triple ? 3 : 1)
                emit(mode.template ? .tstringEnd : .fstringEnd, i, end)
                modes.removeLast()
                return end
            }
            if !mode.triple && PythonLexer.isNewline(c) {
                throw TemplateError(.syntax, mode.template ? "unterminated t-string (opened here)" : "unterminated f-string (opened here)", at: mode.opened)
            }
            if c == 0x5C {
                // As in CPython: a backslash before a brace leaves the brace
                // its meaning; otherwise it takes the next byte with it.
                let next: UInt8 = i + 1 < n ? b[i + 1] : 0
                if next == 0x7B || next == 0x7D {
                    i += 1
                    continue
                }
                if !mode.raw && next == 0x4E && i + 2 < n && b[i + 2] == 0x7B {
                    namedEscape = true
                    i += 3
                    continue
                }
                i += 1
                if i < n && b[i] == 0x0D && i + 1 < n && b[i + 1] == 0x0A { i += 1 }
                if i < n { i += 1 }
                continue
            }
            if c == 0x7B {  // '{'
                if !inSpec && i + 1 < n && b[i + 1] == 0x7B {
                    i += 2
                    continue
                }
                if i > start { emit(middle, start, i) }
                guard brackets.count < PythonLexer.maximumBracketDepth else {
                    throw TemplateError(.syntax, "too many nested parentheses", at: i)
                }
                brackets.append(Bracket(byte: c, offset: i))
                emit(.op, i, i + 1)
                var field = mode
                field.kind = .field
                field.depth = brackets.count
                modes.append(field)
                return i + 1
            }
            if c == 0x7D {  // '}'
                if namedEscape {
                    namedEscape = false
                    i += 1
                    continue
                }
                if !inSpec {
                    if i + 1 < n && b[i + 1] == 0x7D {
                        i += 2
                        continue
                    }
                    throw TemplateError(.syntax, "f-string: single '}' is not allowed", at: i)
                }
                // The end of a format spec closes its replacement field.
                if i > start { emit(middle, start, i) }
                brackets.removeLast()
                emit(.op, i, i + 1)
                modes.removeLast()
                return i + 1
            }
            i += 1
        }
    }
}

/// The letters before a string's opening quote, checked against the
/// prefixes Python allows (`r u b br rb f fr rf t tr rt`, any case).
struct StringPrefix: Sendable, Equatable {
    var isRaw = false
    var isBytes = false
    var isFormatted = false
    var isTemplate = false
    var isUnicode = false

    init() {}

    /// Nil when `range` is not a valid prefix.
    init?(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count <= 2 else { return nil }
        for k in range {
            switch b[k] | 0x20 {  // ASCII lowercase
            case 0x72 where !isRaw: isRaw = true
            case 0x62 where !isBytes: isBytes = true
            case 0x66 where !isFormatted: isFormatted = true
            case 0x74 where !isTemplate: isTemplate = true
            case 0x75 where !isUnicode: isUnicode = true
            default: return nil
            }
        }
        let kinds = (isBytes ? 1 : 0) + (isFormatted ? 1 : 0) + (isTemplate ? 1 : 0) + (isUnicode ? 1 : 0)
        // At most one of b/f/t/u, and u never with r.
        guard kinds <= 1, !(isUnicode && isRaw) else { return nil }
    }
}
