import TemplateSyntax

/// The kinds of token the HCL lexer produces. Trivia kinds (byte order mark,
/// whitespace, comments) carry no meaning but keep every byte of the source
/// in some token, which is what makes printing lossless.
public enum HCLTokenKind: UInt8, SyntaxTokenKind {
    // Trivia: skipped by the parser, kept for printing.
    case byteOrderMark
    case whitespace
    /// `# ...` or `// ...`, up to but not including the line ending.
    case lineComment
    /// `/* ... */`, possibly spanning lines; counts as whitespace.
    case blockComment

    /// `\n` or `\r\n`: ends an attribute or block unless inside brackets.
    case newline
    case identifier
    /// `decimal+ ("." decimal+)? (("e"|"E") ("+"|"-")? decimal+)?`
    case number

    case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
    case equals, comma, colon, doubleColon, question, dot, ellipsis, fatArrow
    case plus, minus, star, slash, percent
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case andAnd, orOr, bang

    /// The `"` that opens a quoted template.
    case openQuote
    /// The `"` that closes a quoted template.
    case closeQuote
    /// A run of literal template text: in a quoted template it may hold
    /// escapes (`\n`, `\"`, `$${` ...); in a heredoc it runs to the end of a
    /// line, line ending included.
    case templateLiteral
    /// `${` or `${~`.
    case templateInterp
    /// `%{` or `%{~`.
    case templateControl
    /// The `}` or `~}` that ends an interpolation or directive.
    case templateSeqEnd
    /// `<<MARKER` or `<<-MARKER` with the line ending that follows it.
    case heredocBegin
    /// The closing marker line of a heredoc: leading spaces and the marker,
    /// not the line ending (that is a `newline` token ending the attribute).
    case heredocEnd

    /// Zero-length token at the end of the source.
    case endOfFile

    /// Whether the parser skips this token everywhere.
    /// (The four trivia kinds are declared first, so this is one compare.)
    @inlinable
    public var isTrivia: Bool { rawValue <= HCLTokenKind.blockComment.rawValue }
}

/// One token: its kind and its byte range in the source.
public typealias HCLToken = SyntaxToken<HCLTokenKind>

extension HCLTokenKind {
    /// How a token of this kind is named in error messages.
    var displayName: String {
        switch self {
        case .byteOrderMark: return "byte order mark"
        case .whitespace: return "whitespace"
        case .lineComment, .blockComment: return "comment"
        case .newline: return "newline"
        case .identifier: return "identifier"
        case .number: return "number"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .equals: return "'='"
        case .comma: return "','"
        case .colon: return "':'"
        case .doubleColon: return "'::'"
        case .question: return "'?'"
        case .dot: return "'.'"
        case .ellipsis: return "'...'"
        case .fatArrow: return "'=>'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .equalEqual: return "'=='"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .andAnd: return "'&&'"
        case .orOr: return "'||'"
        case .bang: return "'!'"
        case .openQuote: return "'\"'"
        case .closeQuote: return "closing '\"'"
        case .templateLiteral: return "template text"
        case .templateInterp: return "'${'"
        case .templateControl: return "'%{'"
        case .templateSeqEnd: return "'}'"
        case .heredocBegin: return "heredoc"
        case .heredocEnd: return "heredoc end marker"
        case .endOfFile: return "end of file"
        }
    }
}
