import TemplateSyntax

/// A TOML 1.0 file (`pyproject.toml`, `Cargo.toml`) parsed into a lossless
/// concrete syntax tree.
///
/// Selectors follow TOML's own key paths: `project.version`,
/// `tool.poetry.version`, `package.version`, keys inside inline tables
/// (`dependencies.serde.version`), and indices into arrays and arrays of
/// tables (`bin[0].name`, `classifiers[1]`).
public struct TOMLDocument: TemplateDocument {
    public static let formatName = "toml"

    public let source: SourceText
    /// The tokens and nodes of the file.
    public let tree: TOMLTree
    let space: TOMLKeySpace

    /// Parses `source`, or throws a `.syntax` error at the offending byte.
    /// Everything TOML 1.0 forbids is refused, duplicate keys and redefined
    /// tables included, because an edit must never land in one of two
    /// meanings a reader might pick.
    public init(parsing source: SourceText) throws(TemplateError) {
        self.source = source
        (self.tree, self.space) = try TOMLParser.parse(source)
    }

    var reader: TOMLReader { TOMLReader(source: source, tree: tree, space: space) }

    /// The tokens' bytes, concatenated. Built from the tokens rather than
    /// handed back from the source, so the round-trip tests check that the
    /// tokens really cover every byte.
    public func printed() -> [UInt8] {
        tree.printed(source)
    }

    /// The scalars `selector` names, in document order. A match that is a
    /// table or an array throws `.selection`: select inside it.
    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        var selection = TOMLSelection(reader: reader, selector: selector)
        return try selection.run()
    }

    /// The edit writing `value` into `slot`, in the string's own kind (basic,
    /// literal, multi-line); a valid TOML number or `true`/`false` for number
    /// and boolean slots. Date-times, and values a literal string cannot
    /// hold, throw `.value`.
    public func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit {
        try TOMLWriter.edit(for: slot, with: value, in: source)
    }

    /// Every scalar (strings, numbers, booleans, date-times) with its path,
    /// in document order.
    public func scalars() -> [Slot] {
        var walk = TOMLScalarWalk(reader: reader)
        return walk.run()
    }

    /// The deepest step of `selector` that matched and the keys there.
    public func explainMiss(_ selector: Selector) -> TemplateError? {
        var explainer = TOMLMissExplainer(reader: reader, selector: selector)
        return explainer.run()
    }
}
