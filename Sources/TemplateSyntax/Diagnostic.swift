/// A message about a file, ready to show to a person: `path:line:col:
/// error: message`, the source line and a caret under the column.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The source line shown under the message, cut to a window around the column.
    public var excerpt: String?
    /// What goes before the caret: spaces, with the line's tabs kept so the caret lines up.
    public var caretIndent: String?
    public var notes: [Diagnostic]

    public init(
        _ severity: Severity, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
        excerpt: String? = nil, caretIndent: String? = nil, notes: [Diagnostic] = []
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.caretIndent = caretIndent
        self.notes = notes
    }

    /// A diagnostic pointing at `offset` in `source`.
    public init(_ severity: Severity, _ message: String, at offset: Int, in source: SourceText, notes: [Diagnostic] = []) {
        let location = source.location(of: offset)
        let (excerpt, indent) = Diagnostic.excerpt(of: source, at: location)
        self.init(
            severity, message, file: source.path, line: location.line, column: location.column,
            excerpt: excerpt, caretIndent: indent, notes: notes)
    }

    /// The diagnostic for an error a format module threw while reading `source`.
    public init(_ error: TemplateError, in source: SourceText, severity: Severity = .error) {
        let notes = error.notes.map { Diagnostic(.note, $0.message, at: $0.offset, in: source) }
        if let offset = error.offset {
            self.init(severity, error.message, at: offset, in: source, notes: notes)
        } else {
            self.init(severity, error.message, file: source.path, notes: notes)
        }
    }

    /// `path:line:col: severity: message`, then the excerpt and caret, then notes.
    public var description: String {
        var head = ""
        if let file { head += file + ":" }
        if let line { head += "\(line):" }
        if let column { head += "\(column):" }
        if !head.isEmpty { head += " " }
        var out = head + severity.rawValue + ": " + message
        if let excerpt, let line {
            let number = String(line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n \(number) | \(excerpt)"
            out += "\n \(gutter) | \(caretIndent ?? "")^"
        }
        for note in notes {
            out += "\n" + note.description
        }
        return out
    }

    /// Characters of context shown each side of the column on long lines
    /// (minified JSON can put a whole file on one line).
    static let excerptHalfWidth = 60

    static func excerpt(of source: SourceText, at location: SourceLocation) -> (String, String) {
        let lineIndex = location.line - 1
        var range = source.lineContentRange(lineIndex)
        if lineIndex == 0 && source.hasByteOrderMark { range = min(3, range.upperBound)..<range.upperBound }
        let scalars = Array(source.text(range).unicodeScalars)
        let caret = min(location.column - 1, scalars.count)
        var from = 0
        var to = scalars.count
        var prefix = ""
        var suffix = ""
        if caret > excerptHalfWidth {
            from = caret - excerptHalfWidth
            prefix = "..."
        }
        if to - caret > excerptHalfWidth {
            to = caret + excerptHalfWidth
            suffix = "..."
        }
        var text = prefix
        var indent = String(repeating: " ", count: prefix.count)
        for i in from..<to {
            let scalar = scalars[i]
            // Control characters other than tab would garble the terminal.
            let shown: Unicode.Scalar = (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F ? "?" : scalar
            text.unicodeScalars.append(shown)
            if i < caret { indent += scalar == "\t" ? "\t" : " " }
        }
        text += suffix
        return (text, indent)
    }
}
