import Crypto
import Foundation

/// A request to sign: the parts of an HTTP request that SigV4 covers.
public struct SigV4Request: Hashable, Sendable {
    /// The HTTP method (`GET`, `PUT`, ...).
    public var method: String
    /// The path as on the request line: already URI-encoded, without the query.
    public var path: String
    /// The query parameters, decoded, in any order.
    public var queryItems: [QueryItem]
    /// The header fields, in order; names may repeat. All are signed, except
    /// `Authorization` and those the signer sets itself (see ``SigV4Signer``).
    public var headers: [HTTPHeader]
    /// The hash of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: PayloadHash

    /// A request to sign.
    public init(
        method: String,
        path: String,
        queryItems: [QueryItem] = [],
        headers: [HTTPHeader],
        payloadHash: PayloadHash = .emptyPayload
    ) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.payloadHash = payloadHash
    }
}

/// Everything signing produced, from the canonical request to the headers to send.
///
/// When the credentials carry a session token, `headersToAdd` and the
/// canonical request contain it, because the token travels with the request.
public struct SigV4Signature: Hashable, Sendable {
    /// The canonical request (task 1).
    public let canonicalRequest: CanonicalRequest
    /// The string to sign (task 2).
    public let stringToSign: String
    /// The hex signature (task 3).
    public let signature: String
    /// `date/region/service/aws4_request`.
    public let credentialScope: String
    /// The value of the `Authorization` header.
    public let authorization: String
    /// Headers the signer set, in the order to send them: `X-Amz-Date`, then
    /// `x-amz-content-sha256` when asked for, then `X-Amz-Security-Token`.
    public let headersToAdd: [HTTPHeader]

    /// The request's headers as they must be sent: those the signer replaces
    /// (`Authorization`, `X-Amz-Date`, and the token and content hash when it
    /// sets them) removed, then `headersToAdd` and `Authorization` appended.
    public func headers(applyingTo original: [HTTPHeader]) -> [HTTPHeader] {
        let replaced = Set(headersToAdd.map(\.lowercasedName) + ["authorization"])
        return original.filter { !replaced.contains($0.lowercasedName) }
            + headersToAdd
            + [HTTPHeader(name: "Authorization", value: authorization)]
    }
}

/// AWS Signature Version 4 for the `Authorization` header, as a value.
///
/// The signer sets `X-Amz-Date` (replacing any the request has), adds the
/// session token as `X-Amz-Security-Token` when the credentials have one, and
/// adds `x-amz-content-sha256` when ``addsContentSHA256Header`` is set (S3
/// requires it). Every other header of the request is signed as given.
public struct SigV4Signer: Sendable {
    /// Whether the session token is covered by the signature.
    public enum SessionTokenPlacement: Hashable, Sendable {
        /// Signed like any other header: what every AWS service accepts.
        case signed
        /// Added to the request after signing, for the few services that
        /// want the token left out of the canonical request.
        case addedAfterSigning
    }

    /// The keys that sign.
    public var credentials: AWSCredentials
    /// The region of the credential scope, such as `us-east-1`.
    public var region: String
    /// The service of the credential scope, such as `s3`.
    public var service: String
    /// S3 path rules or the generic ones.
    public var pathRules: SigV4PathRules
    /// Whether to add (and sign) `x-amz-content-sha256: <payload hash>`.
    public var addsContentSHA256Header: Bool
    /// Whether the session token is signed or only added.
    public var sessionTokenPlacement: SessionTokenPlacement

    /// A signer for one credential scope.
    public init(
        credentials: AWSCredentials,
        region: String,
        service: String,
        pathRules: SigV4PathRules,
        addsContentSHA256Header: Bool = false,
        sessionTokenPlacement: SessionTokenPlacement = .signed
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.pathRules = pathRules
        self.addsContentSHA256Header = addsContentSHA256Header
        self.sessionTokenPlacement = sessionTokenPlacement
    }

    /// Signs `request` as of `date`.
    public func sign(_ request: SigV4Request, date: Date) throws(SigV4Error) -> SigV4Signature {
        try validateScope()
        let amzDate = try AmzDate(date)

        var added = [HTTPHeader(name: "X-Amz-Date", value: amzDate.timestamp)]
        if addsContentSHA256Header {
            added.append(HTTPHeader(name: "x-amz-content-sha256", value: request.payloadHash.value))
        }
        if let token = credentials.sessionToken {
            added.append(HTTPHeader(name: "X-Amz-Security-Token", value: token))
        }
        var signedHeaderSet = added
        if sessionTokenPlacement == .addedAfterSigning, credentials.sessionToken != nil {
            signedHeaderSet.removeLast()
        }
        let replaced = Set(added.map(\.lowercasedName) + ["authorization"])
        let kept = request.headers.filter { !replaced.contains($0.lowercasedName) }

        for value in kept.values(named: "x-amz-content-sha256")
        where CanonicalRequest.trimmedValue(value) != request.payloadHash.value {
            throw .contentSHA256Mismatch(header: value, payloadHash: request.payloadHash.value)
        }

        let canonical = try CanonicalRequest(
            method: request.method,
            path: request.path,
            queryItems: request.queryItems,
            headers: kept + signedHeaderSet,
            payloadHash: request.payloadHash,
            pathRules: pathRules
        )
        let scope = "\(amzDate.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            amzDate.timestamp,
            scope,
            lowercaseHex(SHA256.hash(data: Array(canonical.text.utf8))),
        ].joined(separator: "\n")
        let signature = lowercaseHex(
            HMAC<SHA256>.authenticationCode(
                for: Array(stringToSign.utf8), using: signingKey(day: amzDate.day)))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        return SigV4Signature(
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature,
            credentialScope: scope,
            authorization: authorization,
            headersToAdd: added
        )
    }

    /// HMAC chain secret → date → region → service → `aws4_request`.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    private func validateScope() throws(SigV4Error) {
        func isScopeSafe(_ text: String) -> Bool {
            !text.isEmpty && !text.utf8.contains { byte in
                byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "/")
            }
        }
        guard isScopeSafe(region) else { throw .invalidScopeComponent(name: "region", value: region) }
        guard isScopeSafe(service) else { throw .invalidScopeComponent(name: "service", value: service) }
        let badKeyBytes = Array("/,=".utf8)
        guard isScopeSafe(credentials.accessKeyID),
              !credentials.accessKeyID.utf8.contains(where: badKeyBytes.contains)
        else { throw .invalidAccessKeyID }
    }
}

extension SigV4Signer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SigV4Signer(credentials: \(credentials), region: \(region), service: \(service), "
            + "pathRules: \(pathRules))"
    }

    public var debugDescription: String { description }

    /// A mirror that shows the credentials redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "credentials": credentials.description,
            "region": region,
            "service": service,
            "pathRules": pathRules,
            "addsContentSHA256Header": addsContentSHA256Header,
            "sessionTokenPlacement": sessionTokenPlacement,
        ], displayStyle: .struct)
    }
}
