// The four formats measured at 1x, 4x and 16x: how each input is generated,
// the selector its edit targets, and the peer check that the generated file
// is valid for the format (beyond tplpatch's own parse).
struct Format: Sendable {
    var key: String
    var name: String
    var fileExtension: String
    var selector: String
    var generate: @Sendable (Int, UInt64) -> [UInt8]
    /// A peer command that fails on an invalid file (the file path follows), if installed.
    var validator: @Sendable (Peers) -> [String]?

    static let pythonJSONLoads = "import json,sys; json.loads(open(sys.argv[1],'rb').read())"
    static let pythonASTParse = "import ast,sys; ast.parse(open(sys.argv[1],'rb').read())"

    static let all: [Format] = [
        Format(
            key: "json", name: "JSON", fileExtension: "json", selector: "Parameters.ChromaVersion.Default",
            generate: { JSONGenerator.template(bytes: $0, seed: $1) },
            validator: { peers in peers.python3.command.map { $0 + ["-c", pythonJSONLoads] } }),
        Format(
            key: "hcl", name: "HCL", fileExtension: "tf", selector: "variable.chroma_version.default",
            generate: { HCLGenerator.module(bytes: $0, seed: $1) },
            validator: { peers in peers.hclpeer.command.map { $0 + ["syntax"] } }),
        Format(
            key: "python", name: "Python", fileExtension: "py", selector: "CHROMA_VERSION",
            generate: { PythonGenerator.module(bytes: $0, seed: $1) },
            validator: { peers in peers.python3.command.map { $0 + ["-c", pythonASTParse] } }),
        Format(
            key: "yaml", name: "YAML", fileExtension: "yml", selector: "services.chroma.environment.CHROMA_VERSION",
            generate: { YAMLGenerator.stream(bytes: $0, seed: $1) },
            validator: { peers in peers.yamlpeer.command }),
    ]
}
