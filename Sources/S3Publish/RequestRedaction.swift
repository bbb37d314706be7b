import Foundation

extension HTTPRequestData {
    /// The request as `--dry-run` shows it: the request line, then one
    /// header a line, indented. The signature, the session token and most
    /// of the access key id are replaced; the body is described, not shown.
    public var redactedDescription: String {
        var lines = ["\(method) \(address.url)"]
        for header in headers {
            lines.append("  \(header.name): \(Self.redactedValue(of: header))")
        }
        if !body.isEmpty { lines.append("  (body: \(body.count) bytes)") }
        return lines.joined(separator: "\n")
    }

    static func redactedValue(of header: HTTPHeader) -> String {
        switch header.lowercasedName {
        case "x-amz-security-token":
            return "<redacted>"
        case "authorization":
            return redactedAuthorization(header.value)
        default:
            return header.value
        }
    }

    /// `AWS4-HMAC-SHA256 Credential=AKIA.../20250101/us-east-1/s3/aws4_request,
    /// SignedHeaders=..., Signature=<redacted>`; anything not in that shape
    /// is redacted whole.
    static func redactedAuthorization(_ value: String) -> String {
        let prefix = "AWS4-HMAC-SHA256 "
        guard value.hasPrefix(prefix) else { return "<redacted>" }
        var parts: [String] = []
        for field in value.dropFirst(prefix.count).split(separator: ",") {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Credential=") {
                let credential = trimmed.dropFirst("Credential=".count)
                let keyID = credential.prefix { $0 != "/" }
                let scope = credential.dropFirst(keyID.count)
                parts.append("Credential=\(keyID.prefix(4))...\(scope)")
            } else if trimmed.hasPrefix("SignedHeaders=") {
                parts.append(trimmed)
            } else if trimmed.hasPrefix("Signature=") {
                parts.append("Signature=<redacted>")
            }
        }
        return prefix + parts.joined(separator: ", ")
    }
}
