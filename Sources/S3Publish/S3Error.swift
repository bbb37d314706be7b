/// An error response from S3, as one line: operation, object, code, message
/// and request id.
public struct S3ServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `PUT`, `HEAD`, ...
    public var method: String
    /// The bucket addressed.
    public var bucket: String
    /// The key addressed.
    public var key: String
    /// The HTTP status.
    public var status: Int
    /// S3's error code, such as `NoSuchBucket`; for a `HEAD` (which has no
    /// body) one derived from the status, such as `Forbidden`.
    public var code: String
    /// S3's message, or a description of the status.
    public var message: String
    /// `x-amz-request-id` (or the body's `RequestId`), if any.
    public var requestID: String?

    /// An error from its parts.
    public init(
        method: String, bucket: String, key: String, status: Int, code: String, message: String, requestID: String?
    ) {
        self.method = method
        self.bucket = bucket
        self.key = key
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Reads the error of `response` to a `method` request for `bucket`/`key`.
    public init(method: String, bucket: String, key: String, response: HTTPResponseData) {
        let body = S3ErrorBody(parsing: response.body)
        let (fallbackCode, fallbackMessage) = Self.describe(status: response.status, method: method)
        self.init(
            method: method, bucket: bucket, key: key, status: response.status,
            code: body.code ?? fallbackCode, message: body.message ?? fallbackMessage,
            requestID: response.headers.values(named: "x-amz-request-id").first ?? body.requestID)
    }

    /// A code and message for a response without an error document.
    static func describe(status: Int, method: String) -> (String, String) {
        switch status {
        case 400: return ("BadRequest", "the server rejected the request")
        case 403:
            return ("Forbidden", "access denied: the credentials were refused, or they may not do this"
                + (method == "HEAD" ? " (a HEAD response carries no error details)" : ""))
        case 404: return ("NotFound", "no such bucket or key")
        case 500: return ("InternalError", "internal server error")
        case 503: return ("ServiceUnavailable", "service unavailable")
        default: return ("HTTP\(status)", "unexpected HTTP status \(status)")
        }
    }

    public var description: String {
        var line = "\(method) s3://\(bucket)/\(key): \(code): \(message) (HTTP \(status)"
        if let requestID { line += ", request id \(requestID)" }
        return line + ")"
    }
}

/// Why an S3 operation failed. No case carries a secret or a session
/// token, so every message is safe to print.
public enum S3Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// S3 answered with an error.
    case service(S3ServiceError)
    /// No response after `attempts` attempts.
    case transport(method: String, url: String, TransportError, attempts: Int)
    /// The total deadline passed, or left no time for another attempt,
    /// after `attempts` attempts; `last` says how the last one ended.
    case deadlineExceeded(method: String, url: String, limit: Duration, attempts: Int, last: String?)
    /// The object's ETag after the upload is not the MD5 that was sent.
    case checksumMismatch(bucket: String, key: String, sentMD5: String, storedETag: String)
    /// The request could not be signed.
    case signing(SigV4Error)
    /// `s3://...` could not be parsed.
    case invalidLocation(String, reason: String)
    /// The endpoint URL or region is unusable.
    case invalidEndpoint(String, reason: String)
    /// No credentials to sign with (fetching or refreshing them failed).
    case credentials(CredentialError)

    /// The S3 error code, when S3 answered with one.
    public var serviceCode: String? {
        if case .service(let error) = self { return error.code }
        return nil
    }

    public var description: String {
        switch self {
        case .service(let error):
            return error.description
        case .transport(let method, let url, let error, let attempts):
            return "\(method) \(url): \(error)" + (attempts > 1 ? " after \(attempts) attempts" : "")
        case .deadlineExceeded(let method, let url, let limit, let attempts, let last):
            var line = "\(method) \(url): the \(Deadline.format(limit)) deadline (--timeout) passed"
            line += " after \(attempts) attempt" + (attempts == 1 ? "" : "s")
            if let last { line += "; the last: \(last)" }
            return line
        case .checksumMismatch(let bucket, let key, let sent, let stored):
            return "s3://\(bucket)/\(key): the stored ETag \(stored) is not the MD5 \(sent) that was sent"
        case .signing(let error):
            return "cannot sign the request: \(error)"
        case .invalidLocation(let text, let reason):
            return "invalid S3 location '\(messageSafe(text))': \(reason)"
        case .invalidEndpoint(let text, let reason):
            return "invalid endpoint '\(text)': \(reason)"
        case .credentials(let error):
            return error.description
        }
    }
}
