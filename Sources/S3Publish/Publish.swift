import Foundation

/// One object a publish writes.
public struct PublishTarget: Hashable, Sendable {
    /// The bucket.
    public var bucket: String
    /// The object key.
    public var key: String
    /// Whether the object is a release's own copy (`.../1.2.3/file`), which
    /// may be written once and never replaced with other bytes.
    public var isImmutable: Bool

    /// A target from its parts.
    public init(bucket: String, key: String, isImmutable: Bool) {
        self.bucket = bucket
        self.key = key
        self.isImmutable = isImmutable
    }
}

/// What `tplpatch publish FILE s3://BUCKET/PREFIX/ [--release-version V]` writes:
/// `PREFIX/<file name>`, and, when the prefix's last folder is `latest` and
/// a version is given, first an immutable copy in the sibling folder named
/// after the version (`cloudformation/latest/` → `cloudformation/1.2.3/`).
public struct PublishPlan: Hashable, Sendable {
    /// The bytes to upload.
    public var body: [UInt8]
    /// `Content-Type` of every upload.
    public var contentType: String
    /// `Cache-Control` of the mutable upload(s), when set.
    public var cacheControl: String?
    /// `Cache-Control` of the immutable copy, when set.
    public var immutableCacheControl: String?
    /// The canned ACL of every upload, when set.
    public var acl: String?
    /// The objects, the immutable copy first, so `latest` never names a
    /// release whose own copy is missing.
    public var targets: [PublishTarget]

    /// The folder name that marks a moving destination.
    public static let latestFolder = "latest"

    /// The plan for `fileName` with `body` published to `destination`.
    public init(
        fileName: String, body: [UInt8], destination: S3Location, version: String?,
        contentType: String? = nil, cacheControl: String? = nil, immutableCacheControl: String? = nil,
        acl: String? = nil
    ) throws(PublishError) {
        guard !fileName.isEmpty, !fileName.contains("/") else { throw .invalidFileName(fileName) }
        for (field, value) in [("Cache-Control", cacheControl), ("Cache-Control", immutableCacheControl), ("Content-Type", contentType)] {
            if let value, let reason = HTTPHeader.problem(withValue: value) {
                throw .invalidHeaderValue(field: field, value: value, reason: reason)
            }
        }
        if let acl, let reason = CannedACL.problem(with: acl) { throw .invalidACL(acl, reason: reason) }
        var targets: [PublishTarget] = []
        if let version, destination.lastFolder == Self.latestFolder {
            if let reason = Self.problem(withVersionFolder: version) { throw .invalidVersion(version, reason: reason) }
            if let versioned = destination.sibling(named: version) {
                targets.append(PublishTarget(bucket: versioned.bucket, key: versioned.key(for: fileName), isImmutable: true))
            }
        }
        targets.append(PublishTarget(bucket: destination.bucket, key: destination.key(for: fileName), isImmutable: false))
        self.body = body
        self.contentType = contentType ?? ContentType.forFileName(fileName)
        self.cacheControl = cacheControl
        self.immutableCacheControl = immutableCacheControl
        self.acl = acl
        self.targets = targets
    }

    /// Why `version` cannot name a release's folder, or nil.
    public static func problem(withVersionFolder version: String) -> String? {
        if version.isEmpty { return "it is empty" }
        if version.contains("/") { return "it contains '/'" }
        if version == "." || version == ".." { return "it is '.' or '..'" }
        if version == latestFolder { return "'latest' is the moving folder, not a release" }
        if version.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "it contains whitespace or control characters"
        }
        return nil
    }

    /// The `PutObject` of `target`.
    public func put(_ target: PublishTarget) -> PutObject {
        PutObject(
            bucket: target.bucket, key: target.key, body: body, contentType: contentType,
            cacheControl: target.isImmutable ? (immutableCacheControl ?? cacheControl) : cacheControl, acl: acl)
    }

    /// Whether the object `head` describes already is what `target` would
    /// upload: the same bytes, the same Content-Type and Cache-Control. An
    /// ACL cannot be read from a head, so with `--acl` the object is sent
    /// again (the same bytes; only its settings can change).
    public func isAlreadyStored(_ target: PublishTarget, head: ObjectHead, md5: String) -> Bool {
        let wanted = put(target)
        guard head.contentMD5 == md5, wanted.acl == nil else { return false }
        if let type = head.contentType, type != wanted.contentType { return false }
        return head.cacheControl == wanted.cacheControl
    }

    /// The hex MD5 of the body.
    public var md5Hex: String { PutObject(bucket: "", key: "", body: body, contentType: contentType).md5Hex }
}

/// What happened to one target.
public struct PublishedObject: Hashable, Sendable {
    /// What was done.
    public enum Outcome: String, Hashable, Sendable {
        /// Uploaded, and its ETag checked.
        case uploaded
        /// Already held these bytes (same MD5); not uploaded again.
        case unchanged
    }

    /// The target.
    public var target: PublishTarget
    /// The object's URL.
    public var url: String
    /// The CloudFormation console's quick-create link for it (``CloudFormationLink``).
    public var quickCreateURL: String
    /// The hex MD5 of its bytes.
    public var md5Hex: String
    /// What was done.
    public var outcome: Outcome
}

/// Why a publish stopped. Nothing is uploaded after the first error.
public enum PublishError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An S3 request failed.
    case s3(S3Error)
    /// A release's own copy already exists with other bytes.
    case immutableObjectDiffers(bucket: String, key: String, storedETag: String, newMD5: String)
    /// The release version cannot name a folder.
    case invalidVersion(String, reason: String)
    /// A header value (`Cache-Control`, `Content-Type`) cannot be sent.
    case invalidHeaderValue(field: String, value: String, reason: String)
    /// Not one of S3's canned ACLs.
    case invalidACL(String, reason: String)
    /// The file name cannot be a key's last part.
    case invalidFileName(String)

    public var description: String {
        switch self {
        case .s3(let error):
            return error.description
        case .immutableObjectDiffers(let bucket, let key, let stored, let new):
            return "s3://\(bucket)/\(key) already exists with other bytes (ETag \(stored), this file's MD5 \(new)); "
                + "a released version is never overwritten: publish a new version instead"
        case .invalidVersion(let version, let reason):
            return "the release version '\(messageSafe(version))' cannot name a folder: \(reason)"
        case .invalidHeaderValue(let field, let value, let reason):
            return "the \(field) value '\(messageSafe(value))' cannot be sent: \(reason)"
        case .invalidACL(_, let reason):
            return reason
        case .invalidFileName(let name):
            return "'\(name)' cannot be the last part of an object key"
        }
    }
}

/// Carries out a ``PublishPlan``: reads every target's head first, refuses
/// to replace an immutable copy with other bytes (before anything is
/// uploaded), skips targets that already hold the same bytes, and uploads
/// the rest in order, each checked by its ETag.
public struct Publisher: Sendable {
    /// The client that sends.
    public var client: S3Client

    /// A publisher over `client`.
    public init(client: S3Client) {
        self.client = client
    }

    /// Publishes `plan`; `report` hears of each object as it is done.
    public func publish(
        _ plan: PublishPlan, report: @Sendable (PublishedObject) -> Void = { _ in }
    ) async throws(PublishError) -> [PublishedObject] {
        let md5 = plan.md5Hex
        var existing: [PublishTarget: ObjectHead] = [:]
        for target in plan.targets {
            do {
                if let head = try await client.headObject(bucket: target.bucket, key: target.key) {
                    existing[target] = head
                }
            } catch {
                throw .s3(error)
            }
        }
        for target in plan.targets where target.isImmutable {
            // An existing release copy whose bytes cannot be told (an MD5
            // neither stored nor in the ETag) is treated as different: a
            // release copy is replaced only by the very same bytes.
            if let head = existing[target], head.contentMD5 != md5 {
                throw .immutableObjectDiffers(bucket: target.bucket, key: target.key, storedETag: head.etag, newMD5: md5)
            }
        }
        var done: [PublishedObject] = []
        for target in plan.targets {
            let url = client.endpoint.address(bucket: target.bucket, key: target.key).url
            let outcome: PublishedObject.Outcome
            if let head = existing[target], plan.isAlreadyStored(target, head: head, md5: md5) {
                outcome = .unchanged
            } else {
                do {
                    try await client.putObject(plan.put(target))
                } catch {
                    throw .s3(error)
                }
                outcome = .uploaded
            }
            let object = PublishedObject(
                target: target, url: url,
                quickCreateURL: CloudFormationLink.quickCreate(templateURL: url, region: client.endpoint.region),
                md5Hex: md5, outcome: outcome)
            report(object)
            done.append(object)
        }
        return done
    }

    /// The requests a publish of `plan` starts with, for `--dry-run`: for
    /// each target the `HEAD` that checks what is there and the `PUT` that
    /// replaces it, signed with `credentials` when given. (After each `PUT`
    /// another `HEAD` checks the ETag.) Nothing is sent.
    public static func plannedRequests(
        _ plan: PublishPlan, endpoint: S3Endpoint, credentials: AWSCredentials?, at date: Date
    ) throws(S3Error) -> [HTTPRequestData] {
        var requests: [HTTPRequestData] = []
        for target in plan.targets {
            for request in [endpoint.headRequest(bucket: target.bucket, key: target.key), endpoint.putRequest(plan.put(target))] {
                if let credentials {
                    requests.append(try S3Client.sign(request, credentials: credentials, region: endpoint.region, at: date))
                } else {
                    requests.append(request)
                }
            }
        }
        return requests
    }
}
