/// Why a request could not be signed.
///
/// No case carries a secret access key or a session token, so every
/// message is safe to print and log.
public enum SigV4Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The HTTP method is empty or contains characters outside an RFC 9110 token.
    case invalidMethod(String)
    /// The path is not empty and does not start with `/`.
    case invalidPath(String)
    /// A raw query component decodes to bytes that are not UTF-8.
    case invalidQueryEncoding(String)
    /// A header name is empty or contains characters outside an RFC 9110 token.
    case invalidHeaderName(String)
    /// A payload hash is neither 64 hexadecimal digits nor a known sentinel.
    case invalidPayloadHash(String)
    /// The request carries `x-amz-content-sha256` with a value other than the payload hash.
    case contentSHA256Mismatch(header: String, payloadHash: String)
    /// The region or service is empty or contains `/` or whitespace, which would break the credential scope.
    case invalidScopeComponent(name: String, value: String)
    /// The access key id is empty or contains `/`, `,`, `=` or whitespace.
    case invalidAccessKeyID
    /// The date is outside the years 0001-9999, which the `X-Amz-Date` format cannot express.
    case dateOutOfRange

    public var description: String {
        switch self {
        case .invalidMethod(let method):
            return "invalid HTTP method \(String(reflecting: method))"
        case .invalidPath(let path):
            return "invalid request path \(String(reflecting: path)): it must start with \"/\""
        case .invalidQueryEncoding(let component):
            return "query component \(String(reflecting: component)) does not decode to UTF-8"
        case .invalidHeaderName(let name):
            return "invalid header name \(String(reflecting: name))"
        case .invalidPayloadHash(let value):
            return "invalid payload hash \(String(reflecting: value)): expected 64 hexadecimal digits or UNSIGNED-PAYLOAD"
        case .contentSHA256Mismatch(let header, let payloadHash):
            return "x-amz-content-sha256 header \(String(reflecting: header)) differs from the payload hash \(payloadHash)"
        case .invalidScopeComponent(let name, let value):
            return "invalid \(name) \(String(reflecting: value)) for the credential scope"
        case .invalidAccessKeyID:
            return "invalid access key id: it is empty or contains '/', ',', '=' or whitespace"
        case .dateOutOfRange:
            return "the signing date is outside the years 0001-9999"
        }
    }
}
