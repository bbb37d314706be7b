import JSONSyntax
import TemplateSyntax
import YAMLSyntax

/// What `tplpatch publish` checks before it uploads a file CloudFormation
/// will read from S3: that it is a template at all, and that CloudFormation
/// will take it by URL.
public enum CloudFormationTemplate {
    /// The largest template CloudFormation reads from an S3 URL
    /// (`TemplateURL`): "max size: 1 MB" in the CloudFormation API
    /// reference, taken as 1,048,576 bytes.
    public static let maxBytesForS3URL = 1_048_576

    /// Throws, naming the file, when `document` (read from `path` as
    /// `format`) is not a CloudFormation template: it must be JSON or YAML
    /// (one YAML document), hold a mapping at the top, with a `Resources`
    /// key whose value is a mapping, and be at most ``maxBytesForS3URL``
    /// bytes. A parse error was already thrown, positioned, by
    /// `Planner.load`; these errors point at the offending node.
    public static func check(_ document: any TemplateDocument, format: Format, path: String) throws(PatchError) {
        let size = document.source.bytes.count
        if size > maxBytesForS3URL {
            throw PatchError([Diagnostic(
                .error,
                "the file is \(size) bytes: CloudFormation reads a template of at most \(maxBytesForS3URL) bytes (1 MB) "
                    + "from an S3 URL; nothing was uploaded",
                file: path)])
        }
        if let json = document as? JSONDocument {
            try check(json, path: path)
        } else if let yaml = document as? YAMLDocument {
            try check(yaml, path: path)
        } else {
            throw PatchError([Diagnostic(
                .error,
                "not a CloudFormation template: CloudFormation reads JSON or YAML, and this file was read as \(format.name); "
                    + "nothing was uploaded",
                file: path)])
        }
    }

    private static func refusal(_ message: String, at offset: Int?, in source: SourceText, path: String) -> PatchError {
        let text = "not a CloudFormation template: \(message); nothing was uploaded"
        if let offset { return PatchError([Diagnostic(.error, text, at: offset, in: source)]) }
        return PatchError([Diagnostic(.error, text, file: path)])
    }

    private static func check(_ document: JSONDocument, path: String) throws(PatchError) {
        let nodes = document.nodes
        guard !nodes.isEmpty else { throw refusal("the file holds no value", at: nil, in: document.source, path: path) }
        guard nodes[0].kind == .object else {
            throw refusal(
                "the top level is \(nodes[0].kind.production), not an object", at: document.range(ofNode: 0).lowerBound,
                in: document.source, path: path)
        }
        guard let resources = document.children(ofNode: 0).last(where: { document.key(ofNode: $0) == "Resources" }) else {
            throw refusal("it has no top-level \"Resources\"", at: document.range(ofNode: 0).lowerBound, in: document.source, path: path)
        }
        guard nodes[resources].kind == .object else {
            throw refusal(
                "\"Resources\" is \(nodes[resources].kind.production), not an object",
                at: document.range(ofNode: resources).lowerBound, in: document.source, path: path)
        }
    }

    private static func check(_ document: YAMLDocument, path: String) throws(PatchError) {
        guard let rootNode = document.documents.first, let root = document.resolved(rootNode) else {
            throw refusal("the file holds no YAML document", at: nil, in: document.source, path: path)
        }
        if document.documents.count > 1 {
            throw refusal(
                "it holds \(document.documents.count) YAML documents; a template is one",
                at: document.nodes[document.documents[1]].range.lowerBound, in: document.source, path: path)
        }
        guard document.nodes[root].kind == .mapping else {
            throw refusal(
                "the top level is a \(document.nodes[root].kind.production), not a mapping",
                at: document.nodes[rootNode].range.lowerBound, in: document.source, path: path)
        }
        let children = document.children(ofNode: root)
        var resources: Int?
        for index in stride(from: 0, to: children.count - 1, by: 2) where document.keyText(ofNode: children[index]) == "Resources" {
            resources = children[index + 1]
        }
        guard let resources else {
            throw refusal("it has no top-level Resources", at: document.nodes[rootNode].range.lowerBound, in: document.source, path: path)
        }
        guard let target = document.resolved(resources), document.nodes[target].kind == .mapping else {
            let kind = document.resolved(resources).map { document.nodes[$0].kind.production } ?? "alias to nothing"
            throw refusal(
                "Resources is a \(kind), not a mapping", at: document.nodes[resources].range.lowerBound,
                in: document.source, path: path)
        }
    }
}
