/// How the request path becomes the canonical URI.
public enum SigV4PathRules: Hashable, Sendable {
    /// Amazon S3: the path is used as sent, with no removal of `.`, `..` or
    /// empty segments, and it is URI-encoded once only (escapes already in
    /// the path are kept; bytes that must be escaped are escaped).
    case s3
    /// Every other service: `.` and `..` segments and repeated slashes are
    /// removed, then the path as sent is URI-encoded again, so an escape such
    /// as `%20` on the wire signs as `%2520`.
    case generic

    /// The canonical URI for `path`, the path as it appears on the request
    /// line (already URI-encoded, without the query).
    func canonicalURI(for path: String) -> String {
        switch self {
        case .s3:
            return path.isEmpty ? "/" : URIEncoding.encodeOnce(path: path)
        case .generic:
            return URIEncoding.encode(Self.removingDotSegments(path).utf8, keepingSlash: true)
        }
    }

    /// The path with `.`, `..` and empty segments removed (RFC 3986 section
    /// 5.2.4, plus collapsing `//`). A trailing slash survives when the path
    /// still names something below the root.
    static func removingDotSegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".":
                continue
            case "..":
                if !segments.isEmpty { segments.removeLast() }
            default:
                segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let endsInDirectory = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        return "/" + segments.joined(separator: "/") + (endsInDirectory ? "/" : "")
    }
}
