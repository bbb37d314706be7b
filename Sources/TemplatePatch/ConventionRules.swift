import TemplateSyntax

/// A target a rule found: the slot, and the part of its value that comes
/// before the version (`CHROMA_VERSION=` in a `CHROMA_VERSION=1.2.3` list
/// item), which a change keeps.
public struct Located: Sendable {
    public var slot: Slot
    public var prefix: String

    public init(slot: Slot, prefix: String = "") {
        self.slot = slot
        self.prefix = prefix
    }
}

/// One way a variable is found by naming convention alone: in files of a
/// format, whose path and content pass the rule's tests, where the rule's
/// locator points. Discovery is this table, not code per case.
public struct ConventionRule: Sendable {
    /// Shown in `get` output and error messages ("CloudFormation parameter").
    public let name: String
    public let format: Format
    /// Whether a file (path relative to the root, `/`-separated) is considered.
    let appliesToPath: @Sendable (String) -> Bool
    /// Whether a parsed document is of the kind the rule is about.
    let appliesToDocument: @Sendable (any TemplateDocument) -> Bool
    /// What the rule looks for, said to a person ("Parameters.ChromaVersion.Default").
    let describe: @Sendable (NameSpellings) -> String
    /// The targets in a document.
    let locate: @Sendable (any TemplateDocument, NameSpellings) throws(TemplateError) -> [Located]

    public init(
        name: String, format: Format,
        appliesToPath: @escaping @Sendable (String) -> Bool = { _ in true },
        appliesToDocument: @escaping @Sendable (any TemplateDocument) -> Bool = { _ in true },
        describe: @escaping @Sendable (NameSpellings) -> String,
        locate: @escaping @Sendable (any TemplateDocument, NameSpellings) throws(TemplateError) -> [Located]
    ) {
        self.name = name
        self.format = format
        self.appliesToPath = appliesToPath
        self.appliesToDocument = appliesToDocument
        self.describe = describe
        self.locate = locate
    }

    /// A rule whose targets are what some selectors name.
    public init(
        name: String, format: Format,
        appliesToPath: @escaping @Sendable (String) -> Bool = { _ in true },
        appliesToDocument: @escaping @Sendable (any TemplateDocument) -> Bool = { _ in true },
        selectors: @escaping @Sendable (NameSpellings) -> [Selector]
    ) {
        self.init(
            name: name, format: format, appliesToPath: appliesToPath, appliesToDocument: appliesToDocument,
            describe: { spellings in selectors(spellings).map(\.text).joined(separator: ", ") },
            locate: { (document, spellings) throws(TemplateError) in
                var found: [Located] = []
                for selector in selectors(spellings) {
                    found += try document.select(selector).map { Located(slot: $0) }
                }
                return found
            })
    }

    /// The built-in conventions.
    public static let builtIn: [ConventionRule] = [
        ConventionRule(
            name: "CloudFormation parameter", format: .json,
            appliesToDocument: isCloudFormationTemplate,
            selectors: cloudFormationParameter),
        // Top-level attributes are only legal in variable files, so any
        // top-level `chroma_version = ...` in a .tf or .tfvars file is one.
        ConventionRule(
            name: "Terraform variable value", format: .hcl,
            appliesToPath: isTerraformFile,
            selectors: { spellings in
                [Selector(components: [.key(spellings.snake)])]
            }),
        ConventionRule(
            name: "Terraform variable default", format: .hcl,
            appliesToPath: isTerraformFile,
            selectors: { spellings in
                [Selector(components: [.key("variable"), .key(spellings.snake), .key("default")])]
            }),
    ]

    static func isCloudFormationTemplate(_ document: any TemplateDocument) -> Bool {
        document.exists(Selector(components: [.key("AWSTemplateFormatVersion")]))
            || document.exists(Selector(components: [.key("Resources")]))
    }

    static func cloudFormationParameter(_ spellings: NameSpellings) -> [Selector] {
        [Selector(components: [.key("Parameters"), .key(spellings.pascal), .key("Default")])]
    }

    /// `.tf`, `.tfvars` and `.tfvars.tf`; not other HCL (Packer, Terragrunt,
    /// Nomad), whose top-level attributes mean something else.
    static func isTerraformFile(_ path: String) -> Bool {
        path.hasSuffix(".tf") || path.hasSuffix(".tfvars")
    }
}
