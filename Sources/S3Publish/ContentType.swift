/// The `Content-Type` an upload gets from its file name.
public enum ContentType {
    /// `application/json` for `.json`, the YAML, HCL and text types by
    /// extension, `application/octet-stream` for anything unknown.
    public static func forFileName(_ name: String) -> String {
        let lower = name.lowercased()
        let table: [(String, String)] = [
            (".json", "application/json"),
            (".yaml", "application/yaml"),
            (".yml", "application/yaml"),
            (".tf", "text/plain; charset=utf-8"),
            (".tfvars", "text/plain; charset=utf-8"),
            (".hcl", "text/plain; charset=utf-8"),
            (".py", "text/x-python; charset=utf-8"),
            (".txt", "text/plain; charset=utf-8"),
            (".md", "text/markdown; charset=utf-8"),
            (".html", "text/html; charset=utf-8"),
            (".xml", "application/xml"),
            (".zip", "application/zip"),
            (".gz", "application/gzip"),
        ]
        return table.first { lower.hasSuffix($0.0) }?.1 ?? "application/octet-stream"
    }
}
