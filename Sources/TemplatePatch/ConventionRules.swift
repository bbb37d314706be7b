import TemplateSyntax

/// One way a variable is found by naming convention alone: in files of a
/// format, whose path and content pass the rule's tests, at a selector built
/// from the variable's spellings. Discovery is this table, not code per case.
public struct ConventionRule: Sendable {
    /// Shown in `get` output and error messages ("CloudFormation parameter").
    public let name: String
    public let format: Format
    /// Whether a file (path relative to the root, `/`-separated) is considered.
    let appliesToPath: @Sendable (String) -> Bool
    /// Whether a parsed document is of the kind the rule is about.
    let appliesToDocument: @Sendable (any TemplateDocument) -> Bool
    /// The selectors that name the variable in such a document.
    let selectors: @Sendable (NameSpellings) -> [Selector]

    public init(
        name: String, format: Format,
        appliesToPath: @escaping @Sendable (String) -> Bool = { _ in true },
        appliesToDocument: @escaping @Sendable (any TemplateDocument) -> Bool = { _ in true },
        selectors: @escaping @Sendable (NameSpellings) -> [Selector]
    ) {
        self.name = name
        self.format = format
        self.appliesToPath = appliesToPath
        self.appliesToDocument = appliesToDocument
        self.selectors = selectors
    }

    /// The built-in conventions.
    public static let builtIn: [ConventionRule] = [
        ConventionRule(
            name: "CloudFormation parameter", format: .json,
            appliesToDocument: { document in
                document.exists(Selector(components: [.key("AWSTemplateFormatVersion")]))
                    || document.exists(Selector(components: [.key("Resources")]))
            },
            selectors: { spellings in
                [Selector(components: [.key("Parameters"), .key(spellings.pascal), .key("Default")])]
            }),
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

    /// `.tf`, `.tfvars` and `.tfvars.tf`; not other HCL (Packer, Terragrunt,
    /// Nomad), whose top-level attributes mean something else.
    static func isTerraformFile(_ path: String) -> Bool {
        path.hasSuffix(".tf") || path.hasSuffix(".tfvars")
    }
}
