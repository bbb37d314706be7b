import Crypto
import Foundation

/// What a `PutObject` sends.
public struct PutObject: Hashable, Sendable {
    /// The user-metadata header that stores the body's hex MD5 with the
    /// object, so a later run can tell whether an object holds these bytes
    /// even where the ETag is not an MD5 (KMS encryption, multipart copies).
    public static let md5MetadataHeader = "x-amz-meta-tplpatch-md5"

    /// The bucket.
    public var bucket: String
    /// The object key.
    public var key: String
    /// The bytes to store.
    public var body: [UInt8]
    /// `Content-Type`.
    public var contentType: String
    /// `Cache-Control`, when set.
    public var cacheControl: String?
    /// A canned ACL (`x-amz-acl`: `private`, `public-read`, ...), when set.
    public var acl: String?

    /// An upload of `body` to `bucket`/`key`.
    public init(
        bucket: String, key: String, body: [UInt8], contentType: String, cacheControl: String? = nil, acl: String? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.body = body
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.acl = acl
    }

    /// The lowercase hex MD5 of the body: what S3's ETag holds for a single-part upload.
    public var md5Hex: String { lowercaseHex(Insecure.MD5.hash(data: body)) }

    /// The base64 MD5 of the body, for `Content-MD5`.
    public var md5Base64: String { Data(Insecure.MD5.hash(data: body)).base64EncodedString() }
}

/// What a `HeadObject` found.
public struct ObjectHead: Hashable, Sendable {
    /// The ETag without its quotes; the hex MD5 of the bytes for a
    /// single-part upload without KMS encryption, something else otherwise.
    public var etag: String
    /// `Content-Length`, when sent.
    public var contentLength: Int?
    /// `Content-Type`, when sent.
    public var contentType: String?
    /// `Cache-Control`, when sent.
    public var cacheControl: String?
    /// The hex MD5 tplpatch stored with the object (``PutObject/md5MetadataHeader``).
    public var storedMD5: String?
    /// `x-amz-server-side-encryption`, when sent.
    public var serverSideEncryption: String?

    /// A head from its parts.
    public init(
        etag: String, contentLength: Int? = nil, contentType: String? = nil, cacheControl: String? = nil,
        storedMD5: String? = nil, serverSideEncryption: String? = nil
    ) {
        self.etag = etag
        self.contentLength = contentLength
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.storedMD5 = storedMD5
        self.serverSideEncryption = serverSideEncryption
    }

    /// The ETag, when it is the MD5 of the bytes: not for a multipart upload
    /// (its ETag has a `-`) nor under KMS encryption (its ETag is opaque).
    public var etagMD5: String? {
        let plain = etag.count == 32 && etag.allSatisfy(\.isHexDigit)
        let kms = serverSideEncryption?.lowercased().hasPrefix("aws:kms") ?? false
        return plain && !kms ? etag.lowercased() : nil
    }

    /// The MD5 of the object's bytes as far as S3 tells it: the one tplpatch
    /// stored, else an ETag that is an MD5; nil when neither says.
    public var contentMD5: String? { storedMD5?.lowercased() ?? etagMD5 }
}

/// A small S3 client: `PutObject` (checked with `HeadObject`) and
/// `HeadObject`, signed with SigV4, over any ``HTTPTransport``, with
/// bounded retries (see ``RetryPolicy``).
public struct S3Client: Sendable {
    /// Where requests go.
    public var endpoint: S3Endpoint
    /// The keys that sign, when no ``credentialProvider`` is set.
    public var credentials: AWSCredentials
    /// Where the keys come from for each request (temporary credentials are
    /// refreshed before they expire); nil to sign with ``credentials``.
    public var credentialProvider: (any CredentialProviding)?
    /// Moves the bytes.
    public var transport: any HTTPTransport
    /// When to try again.
    public var retryPolicy: RetryPolicy
    /// The signing time (a parameter so tests can fix it).
    public var now: @Sendable () -> Date
    /// Waits between attempts (a parameter so tests need not wait).
    public var sleep: @Sendable (Duration) async -> Void
    /// The total time every request of this client, all attempts and
    /// waits included, must end within; nil for none (each attempt is
    /// then bounded by the transport's own timeouts only).
    public var deadline: Deadline?
    /// The jitter of each wait, in `0...1` (a parameter so tests can fix it).
    public var random: @Sendable () -> Double

    /// A client.
    public init(
        endpoint: S3Endpoint,
        credentials: AWSCredentials,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(),
        deadline: Deadline? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.deadline = deadline
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// A client whose keys come from `provider`, asked before each request.
    public init(
        endpoint: S3Endpoint,
        credentialProvider provider: any CredentialProviding,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(),
        deadline: Deadline? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.init(
            endpoint: endpoint, credentials: AWSCredentials(accessKeyID: "", secretAccessKey: ""), transport: transport,
            retryPolicy: retryPolicy, deadline: deadline, now: now, sleep: sleep, random: random)
        credentialProvider = provider
    }

    // MARK: Requests

    /// The unsigned `PUT` for `put` (see ``S3Endpoint/putRequest(_:)``).
    public func unsignedRequest(for put: PutObject) -> HTTPRequestData { endpoint.putRequest(put) }

    /// The unsigned `HEAD` for `bucket`/`key`.
    public func unsignedHeadRequest(bucket: String, key: String) -> HTTPRequestData {
        endpoint.headRequest(bucket: bucket, key: key)
    }

    /// `request` signed for S3 as of `date`: `X-Amz-Date`,
    /// `x-amz-content-sha256` (the body's SHA-256), the session token when
    /// there is one, and `Authorization`. `Content-Length` is not signed,
    /// since HTTP layers may rewrite it.
    public func signed(_ request: HTTPRequestData, at date: Date) throws(S3Error) -> HTTPRequestData {
        try S3Client.sign(request, credentials: credentials, region: endpoint.region, at: date)
    }

    /// `request` signed with `credentials` for S3 in `region` as of `date`.
    public static func sign(
        _ request: HTTPRequestData, credentials: AWSCredentials, region: String, at date: Date
    ) throws(S3Error) -> HTTPRequestData {
        let signer = SigV4Signer(
            credentials: credentials, region: region, service: "s3", pathRules: .s3,
            addsContentSHA256Header: true)
        let toSign = request.headers.filter { $0.lowercasedName != "content-length" }
        let signature: SigV4Signature
        do {
            signature = try signer.sign(
                SigV4Request(
                    method: request.method, path: request.address.path, headers: toSign,
                    payloadHash: PayloadHash(hashing: request.body)),
                date: date)
        } catch {
            throw .signing(error)
        }
        var signed = request
        signed.headers = signature.headers(applyingTo: request.headers)
        return signed
    }

    // MARK: Operations

    /// Uploads `put` with `Content-MD5`, then reads the object's head and
    /// checks that its ETag is the MD5 sent. Returns that head.
    @discardableResult
    public func putObject(_ put: PutObject) async throws(S3Error) -> ObjectHead {
        let response = try await send(unsignedRequest(for: put), bucket: put.bucket, key: put.key)
        guard (200..<300).contains(response.status) else {
            throw .service(S3ServiceError(method: "PUT", bucket: put.bucket, key: put.key, response: response))
        }
        guard let head = try await headObject(bucket: put.bucket, key: put.key) else {
            throw .service(S3ServiceError(
                method: "HEAD", bucket: put.bucket, key: put.key, status: 404, code: "NotFound",
                message: "the object is missing right after it was uploaded", requestID: nil))
        }
        // S3 checked the body against Content-MD5 on arrival; this checks that
        // what is stored now is that upload. Under KMS the ETag is no MD5, so
        // the MD5 stored beside the object is what is compared.
        let etagMismatch = head.etagMD5.map { $0 != put.md5Hex } ?? false
        let storedMismatch = head.storedMD5.map { $0.lowercased() != put.md5Hex } ?? (head.etagMD5 == nil)
        guard !etagMismatch && !storedMismatch else {
            throw .checksumMismatch(bucket: put.bucket, key: put.key, sentMD5: put.md5Hex, storedETag: head.etag)
        }
        return head
    }

    /// The object's head, or nil when there is no such object (HTTP 404 on
    /// an existing bucket; S3 also says 404 for a missing bucket, and the
    /// `PUT` that follows then names `NoSuchBucket`).
    public func headObject(bucket: String, key: String) async throws(S3Error) -> ObjectHead? {
        let response = try await send(unsignedHeadRequest(bucket: bucket, key: key), bucket: bucket, key: key)
        if response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else {
            var failure = try await explainHeadFailure(response, bucket: bucket, key: key)
            if failure.code == "NoSuchKey" { return nil }
            if failure.code == "AccessDenied" {
                // Without s3:ListBucket, S3 answers 403 rather than 404 for a
                // key that does not exist, so a first release looks forbidden.
                failure.message += " (for a missing object S3 says 403, not 404, unless the credentials may s3:ListBucket the bucket: grant it)"
            }
            throw .service(failure)
        }
        var etag = response.headers.values(named: "ETag").first ?? ""
        if etag.hasPrefix("W/") { etag.removeFirst(2) }
        if etag.count >= 2, etag.hasPrefix("\""), etag.hasSuffix("\"") { etag = String(etag.dropFirst().dropLast()) }
        return ObjectHead(
            etag: etag,
            contentLength: response.headers.values(named: "Content-Length").first.flatMap { Int($0) },
            contentType: response.headers.values(named: "Content-Type").first,
            cacheControl: response.headers.values(named: "Cache-Control").first,
            storedMD5: response.headers.values(named: PutObject.md5MetadataHeader).first,
            serverSideEncryption: response.headers.values(named: "x-amz-server-side-encryption").first)
    }

    /// A `HEAD` response has no body, so its error has no code: a 403 could
    /// be a wrong secret, an unknown key or a missing permission. Asking for
    /// the object's first byte with `GET` gets the same refusal with S3's
    /// error document (`SignatureDoesNotMatch`, `InvalidAccessKeyId`,
    /// `AccessDenied`); that error is reported when there is one.
    func explainHeadFailure(_ response: HTTPResponseData, bucket: String, key: String) async throws(S3Error) -> S3ServiceError {
        let headError = S3ServiceError(method: "HEAD", bucket: bucket, key: key, response: response)
        guard response.body.isEmpty, (400..<500).contains(response.status) else { return headError }
        var probe = endpoint.headRequest(bucket: bucket, key: key)
        probe.method = "GET"
        probe.headers.append(HTTPHeader(name: "Range", value: "bytes=0-0"))
        let answer = try await send(probe, bucket: bucket, key: key)
        let body = S3ErrorBody(parsing: answer.body)
        guard answer.status >= 400, body.code != nil else { return headError }
        return S3ServiceError(method: "HEAD", bucket: bucket, key: key, response: answer)
    }

    /// Signs and sends `request`, again (signed anew) while the policy
    /// allows, the failure is retryable and the deadline leaves time;
    /// returns the last response.
    ///
    /// With a ``deadline``, each attempt gets the time left as its limit
    /// (its own timeouts are clipped to it), and a wait that would end past
    /// the deadline is not begun: the call ends with
    /// ``S3Error/deadlineExceeded(method:url:limit:attempts:last:)`` at
    /// once, naming how the last attempt ended.
    func send(_ request: HTTPRequestData, bucket: String, key: String) async throws(S3Error) -> HTTPResponseData {
        var attempt = 0
        var last: String?
        while true {
            if let deadline, deadline.hasPassed {
                throw .deadlineExceeded(
                    method: request.method, url: request.address.url, limit: deadline.limit, attempts: attempt, last: last)
            }
            attempt += 1
            let date = now()
            var signingCredentials = credentials
            if let credentialProvider {
                do {
                    signingCredentials = try await credentialProvider.credentials(now: date)
                } catch {
                    throw .credentials(error)
                }
            }
            let signed = try S3Client.sign(request, credentials: signingCredentials, region: endpoint.region, at: date)
            let outcome: Result<HTTPResponseData, TransportError>
            do {
                outcome = .success(try await transport.send(signed, timeLimit: deadline?.remaining))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let response):
                let code = response.status >= 400 ? S3ErrorBody(parsing: response.body).code : nil
                let retry = RetryPolicy.isRetryable(status: response.status, code: code)
                if !retry || attempt >= retryPolicy.maxAttempts { return response }
                last = S3ServiceError(method: request.method, bucket: bucket, key: key, response: response).description
            case .failure(let error):
                if case .timeLimitReached = error, let deadline {
                    throw .deadlineExceeded(
                        method: request.method, url: request.address.url, limit: deadline.limit, attempts: attempt,
                        last: error.description)
                }
                if !error.isRetryable || attempt >= retryPolicy.maxAttempts {
                    throw .transport(method: request.method, url: request.address.url, error, attempts: attempt)
                }
                last = error.description
            }
            let wait = retryPolicy.delay(afterAttempt: attempt, random: random())
            if let deadline, wait >= deadline.remaining {
                throw .deadlineExceeded(
                    method: request.method, url: request.address.url, limit: deadline.limit, attempts: attempt, last: last)
            }
            await sleep(wait)
        }
    }
}

extension S3Endpoint {
    /// The unsigned `PUT` for `put`: `Host`, `Content-Type`, `Content-MD5`,
    /// `Content-Length`, the MD5 as user metadata, then `Cache-Control` and
    /// `x-amz-acl` when set.
    public func putRequest(_ put: PutObject) -> HTTPRequestData {
        let address = address(bucket: put.bucket, key: put.key)
        var headers = [
            HTTPHeader(name: "Host", value: address.hostHeader),
            HTTPHeader(name: "Content-Type", value: put.contentType),
            HTTPHeader(name: "Content-MD5", value: put.md5Base64),
            HTTPHeader(name: "Content-Length", value: String(put.body.count)),
            HTTPHeader(name: PutObject.md5MetadataHeader, value: put.md5Hex),
        ]
        if let cacheControl = put.cacheControl { headers.append(HTTPHeader(name: "Cache-Control", value: cacheControl)) }
        if let acl = put.acl { headers.append(HTTPHeader(name: "x-amz-acl", value: acl)) }
        return HTTPRequestData(method: "PUT", address: address, headers: headers, body: put.body)
    }

    /// The unsigned `HEAD` for `bucket`/`key`.
    public func headRequest(bucket: String, key: String) -> HTTPRequestData {
        let address = address(bucket: bucket, key: key)
        return HTTPRequestData(method: "HEAD", address: address, headers: [HTTPHeader(name: "Host", value: address.hostHeader)])
    }
}
