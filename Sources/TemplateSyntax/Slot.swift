/// One located scalar: where its literal is, what it says, and the path that
/// reaches it.
public struct Slot: Sendable, Hashable {
    /// What kind of literal the slot holds.
    public enum Kind: String, Sendable, Hashable, Codable {
        case string, number, bool, null
        /// Not a literal (an interpolated template, a reference, a call):
        /// readable, never rewritten.
        case expression
    }

    /// The literal's byte range, quotes included.
    public var range: Range<Int>
    /// The decoded value (a string's contents with escapes resolved; a
    /// number, bool or null as written; an expression's source text).
    public var value: String
    public var kind: Kind
    /// The concrete path to this slot: keys and indices only, no wildcards.
    public var path: [Selector.Component]

    public init(range: Range<Int>, value: String, kind: Kind, path: [Selector.Component]) {
        self.range = range
        self.value = value
        self.kind = kind
        self.path = path
    }

    /// The canonical selector text of `path`.
    public var selectorText: String { Selector.render(path) }
}
