/// The surface every format module offers, so the planner, the CLI and other
/// tools never care which format a file is in.
///
/// A document is a lossless tree over one `SourceText`: printing it gives
/// back the source byte for byte. Changing a value is asking for a
/// ``TextEdit`` and splicing it into the source; nothing is re-serialised.
public protocol TemplateDocument: Sendable {
    /// A short lowercase name: `json`, `hcl`, `python`, `yaml`.
    static var formatName: String { get }

    /// Parses `source` losslessly, or throws a positioned syntax error.
    init(parsing source: SourceText) throws(TemplateError)

    /// The text the document was parsed from.
    var source: SourceText { get }

    /// The tree printed back to bytes. Always equal to `source.bytes`; tests
    /// hold every parser to that law.
    func printed() -> [UInt8]

    /// The scalars `selector` names, in document order. Empty when nothing
    /// matches; throws when a match is not a scalar (an object, a block).
    func select(_ selector: Selector) throws(TemplateError) -> [Slot]

    /// The edit that makes `slot` hold `value`, written in the slot's own
    /// literal style (quotes, escapes) and type. Throws when the value cannot
    /// be written there without changing its type or meaning.
    func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit

    /// Every scalar in the document with its path, in document order. The
    /// planner compares these before and after an edit to prove nothing else
    /// changed.
    func scalars() -> [Slot]

    /// Why `selector` matches nothing: the deepest step that matched and what
    /// was there instead. Nil when the format has nothing useful to say.
    func explainMiss(_ selector: Selector) -> TemplateError?
}

extension TemplateDocument {
    public func explainMiss(_ selector: Selector) -> TemplateError? { nil }
}

extension TemplateDocument {
    /// Whether `selector` reaches anything at all, scalar or not. `select`
    /// throws only when a match is not a scalar, so a throw means "exists".
    public func exists(_ selector: Selector) -> Bool {
        do {
            return try !select(selector).isEmpty
        } catch {
            return error.kind == .selection
        }
    }
}
