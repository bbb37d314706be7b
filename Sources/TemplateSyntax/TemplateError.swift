/// An error found in one source text, positioned by byte offset.
///
/// Format modules throw this; the planner and the CLI turn it into a
/// ``Diagnostic`` once they know the file, so parsers never deal with paths,
/// lines or columns.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The text is not valid in its format.
        case syntax
        /// A selector matched nothing, or something that is not a scalar.
        case selection
        /// A value cannot be written where it was asked to go.
        case value
        /// A set of edits cannot be applied (overlap, out of range).
        case edit
    }

    /// A secondary position that helps explain the error ("first assigned here").
    public struct Note: Sendable, Equatable {
        public var message: String
        public var offset: Int
        public init(_ message: String, at offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    public var kind: Kind
    public var message: String
    /// Where the problem is, if it has a place in the text.
    public var offset: Int?
    public var notes: [Note]

    public init(_ kind: Kind, _ message: String, at offset: Int? = nil, notes: [Note] = []) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.notes = notes
    }

    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }
}
