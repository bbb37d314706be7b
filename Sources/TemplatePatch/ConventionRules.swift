import TemplateSyntax

/// A target a rule found: the slot, and the part of its value that comes
/// before the version (`CHROMA_VERSION=` in a `CHROMA_VERSION=1.2.3` list
/// item), which a change keeps.
public struct Located: Sendable {
    public var slot: Slot
    public var prefix: String
    /// Why a loose rule leaves this match alone (it is a reference, not a
    /// version); the planner says so in a warning. Nil for a real target.
    public var leftAlone: String?

    public init(slot: Slot, prefix: String = "", leftAlone: String? = nil) {
        self.slot = slot
        self.prefix = prefix
        self.leftAlone = leftAlone
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
    /// Whether a match that is an expression, not a literal, is left alone
    /// with a warning rather than stopping the command. Precise rules (a
    /// variable's default) say no: a default bound to an expression is a
    /// target tplpatch cannot bump, and the user must know. Loose rules (an
    /// environment entry, a module constant) say yes: `${CHROMA_VERSION}`
    /// there is a reference, not a value.
    let skipsExpressions: Bool

    public init(
        name: String, format: Format,
        appliesToPath: @escaping @Sendable (String) -> Bool = { _ in true },
        appliesToDocument: @escaping @Sendable (any TemplateDocument) -> Bool = { _ in true },
        skipsExpressions: Bool = false,
        describe: @escaping @Sendable (NameSpellings) -> String,
        locate: @escaping @Sendable (any TemplateDocument, NameSpellings) throws(TemplateError) -> [Located]
    ) {
        self.name = name
        self.format = format
        self.appliesToPath = appliesToPath
        self.appliesToDocument = appliesToDocument
        self.skipsExpressions = skipsExpressions
        self.describe = describe
        self.locate = locate
    }

    /// A rule whose targets are what some selectors name.
    public init(
        name: String, format: Format,
        appliesToPath: @escaping @Sendable (String) -> Bool = { _ in true },
        appliesToDocument: @escaping @Sendable (any TemplateDocument) -> Bool = { _ in true },
        skipsExpressions: Bool = false,
        selectors: @escaping @Sendable (NameSpellings) -> [Selector]
    ) {
        self.init(
            name: name, format: format, appliesToPath: appliesToPath, appliesToDocument: appliesToDocument,
            skipsExpressions: skipsExpressions,
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
        ConventionRule(
            name: "CloudFormation parameter", format: .yaml,
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
        ConventionRule(
            name: "environment entry", format: .yaml, skipsExpressions: true,
            describe: { spellings in
                "environment/env entries \(spellings.screamingSnake): V, - \(spellings.screamingSnake)=V, {name: \(spellings.screamingSnake), value: V}"
            },
            locate: { document, spellings in environmentEntries(document, key: spellings.screamingSnake) }),
        ConventionRule(
            name: "Python module constant", format: .python, skipsExpressions: true,
            selectors: { spellings in
                [Selector(components: [.key(spellings.screamingSnake)]), Selector(components: [.key(spellings.snake)])]
            }),
    ]

    /// The mapping keys under which compose files, Kubernetes manifests and
    /// CI workflows keep environment variables.
    static let environmentKeys: Set<String> = ["environment", "env"]

    /// `KEY: V` in an environment mapping, `- KEY=V` in an environment list
    /// (only `V` is the version; `KEY=` is kept), and Kubernetes'
    /// `- {name: KEY, value: V}`. A value that refers to a variable
    /// (`${KEY}`, `$KEY`) is a reference, not a version, and is left alone;
    /// so is `image: ...:KEY`, which no environment key holds.
    static func environmentEntries(_ document: any TemplateDocument, key: String) -> [Located] {
        let scalars = document.scalars()
        var byPath: [[Selector.Component]: Slot] = [:]
        for slot in scalars { byPath[slot.path] = slot }
        func isEnvironment(_ component: Selector.Component?) -> Bool {
            if case .key(let name)? = component { return environmentKeys.contains(name) }
            return false
        }
        var found: [Located] = []
        for slot in scalars {
            let path = slot.path
            guard let last = path.last else { continue }
            let parent = path.count >= 2 ? path[path.count - 2] : nil
            var match: Located? = nil
            switch last {
            case .key(key) where isEnvironment(parent):
                match = Located(slot: slot)
            case .index where isEnvironment(parent) && slot.value.hasPrefix(key + "="):
                match = Located(slot: slot, prefix: key + "=")
            case .key("value") where path.count >= 3 && isEnvironment(path[path.count - 3]):
                if byPath[Array(path.dropLast()) + [.key("name")]]?.value == key { match = Located(slot: slot) }
            default:
                continue
            }
            if var match {
                if match.slot.value.dropFirst(match.prefix.count).contains("$") {
                    match.leftAlone = "it refers to a variable (\(match.slot.value))"
                }
                found.append(match)
            }
        }
        // A compose file often shares one environment through an anchor
        // (`environment: *env`); `scalars()` lists the anchored values once,
        // under the anchor's own path, so the compose paths are also selected
        // (through aliases); the planner counts each literal once.
        let services: [Selector.Component] = [.key("services"), .any, .key("environment")]
        for slot in (try? document.select(Selector(components: services + [.key(key)]))) ?? [] {
            found.append(Located(slot: slot, leftAlone: slot.value.contains("$") ? "it refers to a variable (\(slot.value))" : nil))
        }
        for slot in (try? document.select(Selector(components: services + [.any]))) ?? [] where slot.value.hasPrefix(key + "=") {
            let reference = slot.value.dropFirst(key.count + 1).contains("$")
            found.append(Located(slot: slot, prefix: key + "=", leftAlone: reference ? "it refers to a variable (\(slot.value))" : nil))
        }
        var seen: Set<Int> = []
        return found.filter { seen.insert($0.slot.range.lowerBound).inserted }
    }

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
