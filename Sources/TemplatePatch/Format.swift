import HCLSyntax
import JSONSyntax
import PythonSyntax
import TOMLSyntax
import TemplateSyntax
import YAMLSyntax

/// A file format tplpatch reads, and the document type that parses it.
public struct Format: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// File name endings that select this format (lowercased, with the dot).
    public let suffixes: [String]
    let parse: @Sendable (SourceText) throws(TemplateError) -> any TemplateDocument

    public static func == (lhs: Format, rhs: Format) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public var description: String { name }

    public static let json = Format(name: JSONDocument.formatName, suffixes: [".json"]) { (source) throws(TemplateError) in
        try JSONDocument(parsing: source)
    }

    /// HCL native syntax: Terraform configuration and variable files.
    public static let hcl = Format(name: HCLDocument.formatName, suffixes: [".tf", ".tfvars", ".hcl"]) { (source) throws(TemplateError) in
        try HCLDocument(parsing: source)
    }

    /// YAML, read with the system libyaml.
    public static let yaml = Format(name: YAMLDocument.formatName, suffixes: [".yml", ".yaml"]) { (source) throws(TemplateError) in
        try YAMLDocument(parsing: source)
    }

    /// Python 3 source: module-level assignments.
    public static let python = Format(name: PythonDocument.formatName, suffixes: [".py", ".pyi"]) { (source) throws(TemplateError) in
        try PythonDocument(parsing: source)
    }

    /// TOML 1.0: `pyproject.toml`, `Cargo.toml`.
    public static let toml = Format(name: TOMLDocument.formatName, suffixes: [".toml"]) { (source) throws(TemplateError) in
        try TOMLDocument(parsing: source)
    }

    /// Every format, in the order file names are matched against them.
    public static let all: [Format] = [.json, .hcl, .python, .yaml, .toml]

    /// The format a file name implies, if any.
    public static func detect(path: String) -> Format? {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        return all.first { format in format.suffixes.contains { name.hasSuffix($0) } }
    }

    /// The format called `name` (`json`, ...).
    public static func named(_ name: String) -> Format? {
        all.first { $0.name == name.lowercased() }
    }

    /// Parses `source` in this format.
    public func document(_ source: SourceText) throws(TemplateError) -> any TemplateDocument {
        try parse(source)
    }
}
