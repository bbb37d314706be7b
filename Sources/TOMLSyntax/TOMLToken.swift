import TemplateSyntax

/// The kinds of token the TOML lexer produces. Trivia kinds (byte order
/// mark, whitespace, comments) carry no meaning but keep every byte of the
/// source in some token, which is what makes printing lossless.
public enum TOMLTokenKind: UInt8, SyntaxTokenKind {
    // Trivia: skipped by the parser, kept for printing.
    case byteOrderMark
    /// Spaces and tabs.
    case whitespace
    /// `# ...` up to but not including the line ending.
    case comment

    /// `\n` or `\r\n`.
    case newline
    /// `[A-Za-z0-9_-]+` in a key.
    case bareKey
    /// `"..."`, as a key or a value.
    case basicString
    /// `"""..."""`.
    case multilineBasicString
    /// `'...'`, as a key or a value.
    case literalString
    /// `'''...'''`.
    case multilineLiteralString
    /// A decimal, hexadecimal, octal or binary integer.
    case integer
    /// A float, `inf` or `nan`, signed or not.
    case float
    /// `true` or `false`.
    case boolean
    case offsetDateTime, localDateTime, localDate, localTime

    case dot, equals, comma
    case leftBracket, rightBracket
    /// `[[` opening an array-of-tables header.
    case doubleLeftBracket
    /// `]]` closing an array-of-tables header.
    case doubleRightBracket
    case leftBrace, rightBrace

    /// Zero-length token at the end of the source.
    case endOfFile

    /// Whether the token carries no meaning (the parser skips it).
    public var isTrivia: Bool {
        switch self {
        case .byteOrderMark, .whitespace, .comment: return true
        default: return false
        }
    }
}

/// One token: its kind and its byte range in the source.
public typealias TOMLToken = SyntaxToken<TOMLTokenKind>
