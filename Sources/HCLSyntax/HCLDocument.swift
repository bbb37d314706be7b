import TemplateSyntax

/// An HCL native-syntax file (Terraform `.tf`, `.tfvars`, `.hcl`) parsed into
/// a lossless concrete syntax tree.
///
/// Selectors name values the way Terraform users do: `name` for a top-level
/// attribute (tfvars), `block.label....attribute` inside blocks
/// (`variable.chroma_version.default`, `module.vpc.version`), then object
/// keys and tuple indices inside the value
/// (`terraform.required_providers.aws.version`, `list[0]`).
public struct HCLDocument: TemplateDocument {
    public static let formatName = "hcl"

    public let source: SourceText
    /// The tokens and nodes of the file.
    public let tree: HCLTree

    /// Parses `source`, or throws a `.syntax` error at the offending byte.
    public init(parsing source: SourceText) throws(TemplateError) {
        self.source = source
        self.tree = try HCLParser.parse(source)
    }

    /// A document of `source` whose tree is `tree`, already known to be the
    /// one `init(parsing:)` would build (see `reparsed(_:)`).
    init(source: SourceText, tree: HCLTree) {
        self.source = source
        self.tree = tree
    }

    var reader: HCLReader { HCLReader(source: source, tree: tree) }

    /// The tokens' bytes, concatenated. Built from the tokens rather than
    /// handed back from the source, so the tests of the round-trip law check
    /// that the tokens really cover every byte.
    public func printed() -> [UInt8] {
        tree.printed(source)
    }

    /// The scalars `selector` names, in document order. A match that is a
    /// block, an object or a tuple throws `.selection`: select inside it.
    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        var selection = HCLSelection(reader: reader, selector: selector)
        return try selection.run()
    }

    /// The edit writing `value` into `slot`: a quoted, escaped string for a
    /// string slot; a valid number or `true`/`false` for number and bool
    /// slots. Expressions and null throw `.value`: only literals are rewritten.
    public func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit {
        try HCLWriter.edit(for: slot, with: value, in: source)
    }

    /// Every attribute value and object-item or tuple-item value that is not
    /// itself an object or tuple, with its path, in document order.
    public func scalars() -> [Slot] {
        var walk = HCLScalarWalk(reader: reader)
        return walk.run()
    }

    /// The deepest step of `selector` that matched and what exists there.
    public func explainMiss(_ selector: Selector) -> TemplateError? {
        var explainer = HCLMissExplainer(reader: reader, selector: selector)
        return explainer.run()
    }
}
