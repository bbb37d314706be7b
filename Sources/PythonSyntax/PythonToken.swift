import TemplateSyntax

/// A token of Python source, as Python's own tokenizer (3.12+, PEP 701)
/// names them. Spaces, tabs, form feeds, backslash line continuations and a
/// leading byte order mark are the trivia between tokens; tokens and trivia
/// together cover every byte, so printing the tokens gives back the input.
public struct PythonToken: Sendable, Equatable {
    /// The token types of Python's `token` module.
    public enum Kind: UInt8, Sendable {
        /// An identifier or keyword (keywords are names to the tokenizer, as in Python).
        case name
        case number
        /// A whole string or bytes literal, prefix and quotes included (not an f- or t-string).
        case string
        /// The prefix and opening quote of an f-string (`f"`, `rf'''`).
        case fstringStart
        /// Literal text of an f-string, or the text of a format spec.
        case fstringMiddle
        /// The closing quote of an f-string.
        case fstringEnd
        /// The prefix and opening quote of a t-string (Python 3.14, PEP 750).
        case tstringStart
        case tstringMiddle
        case tstringEnd
        /// An operator or delimiter, including `{` `}` `:` `!` `=` inside replacement fields.
        case op
        /// `#` to the end of the line, without the line ending.
        case comment
        /// The line ending that ends a logical line (`\n`, `\r\n` or `\r`);
        /// empty at the end of a file without a final newline.
        case newline
        /// A line ending that does not end a logical line (blank lines,
        /// comment-only lines, lines inside brackets).
        case nl
        /// The indentation whitespace of a line indented deeper than the one before.
        case indent
        /// An empty token where a block ends (one per closed level).
        case dedent
        /// The empty token at the very end.
        case endMarker
    }

    /// What the token is.
    public var kind: Kind
    // 32-bit offsets keep a token at 12 bytes; inputs are limited to 4 GiB.
    var start: UInt32
    var end: UInt32

    init(_ kind: Kind, _ start: Int, _ end: Int) {
        self.kind = kind
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    /// The token's bytes in the source.
    public var range: Range<Int> { Int(start)..<Int(end) }

    /// Whether the parser sees this token (comments and non-logical line
    /// endings are for people only).
    public var isSignificant: Bool { kind != .comment && kind != .nl }
}
