import Foundation
import S3Publish
import TestSupport
import Testing

/// A client for `endpoint` with the moto test user's keys (or `secret`),
/// released after `body`. The default timeouts only stop a hang: they are
/// far above what a request to a local server needs even on a loaded
/// machine, so a slow moment cannot fail a test that is not about timing.
/// `sleep` replaces the waits between attempts (the default really waits).
/// `deadline` and `random` go to the client; `wrap` may put a recording
/// layer around the real transport. With `offlineKeys`, the client signs with made-up keys for us-east-1 and
/// moto_server is not started: for servers that never check a signature.
func withClient<T>(
    endpoint: String, secret: String? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20)),
    timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(60), read: .seconds(120)),
    sleep: (@Sendable (Duration) async -> Void)? = nil, offlineKeys: Bool = false,
    deadline: Deadline? = nil, random: (@Sendable () -> Double)? = nil,
    wrap: (any HTTPTransport) -> any HTTPTransport = { $0 },
    _ body: (S3Client) async throws -> T
) async throws -> T {
    let region: String
    let credentials: AWSCredentials
    if offlineKeys {
        region = "us-east-1"
        credentials = AWSCredentials(accessKeyID: "AKIDOFFLINE", secretAccessKey: "offline-secret")
    } else {
        let moto = try MotoServer.shared()
        region = moto.region
        credentials = AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: secret ?? moto.secretAccessKey)
    }
    let transport = AsyncHTTPTransport(timeouts: timeouts)
    var client = S3Client(
        endpoint: try S3Endpoint(url: endpoint, region: region), credentials: credentials,
        transport: wrap(transport), retryPolicy: retry, deadline: deadline)
    if let sleep { client.sleep = sleep }
    if let random { client.random = random }
    do {
        let result = try await body(client)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// Bytes that exercise the body path: every byte value, CR LF, a BOM.
let awkwardBytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\r\n  \"k\": \"é\"\r\n}".utf8) + (0...255).map(UInt8.init)

/// The S3 client against moto_server with signature checking on.
@Suite struct MotoClientTests {
    @Test func putThenReadBackByteForByte() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("roundtrip")
        try moto.createBucket(bucket)
        // moto's signature check mis-encodes '+' and non-ASCII in keys (boto3
        // fails on them there too), so the key has only a space and '~' to escape.
        let put = PutObject(
            bucket: bucket, key: "dir/sub dir/file~1.json", body: awkwardBytes, contentType: "application/json",
            cacheControl: "max-age=300")
        let head = try await withClient(endpoint: moto.endpoint) { client in try await client.putObject(put) }
        #expect(head.etag == put.md5Hex)
        #expect(try moto.object(bucket, "dir/sub dir/file~1.json") == awkwardBytes)
        let stored = try moto.head(bucket, "dir/sub dir/file~1.json")
        #expect(stored["ContentType"] == "application/json")
        #expect(stored["CacheControl"] == "max-age=300")
        #expect(stored["ETag"] == "\"\(put.md5Hex)\"")
    }

    @Test func dottedBucketNameWorksPathStyle() async throws {
        let moto = try MotoServer.shared()
        let bucket = "public.\(UUID().uuidString.prefix(8).lowercased()).trychroma.com"
        try moto.createBucket(bucket)
        let put = PutObject(bucket: bucket, key: "cloudformation/latest/chroma.cf.json", body: Array("{}\n".utf8), contentType: "application/json")
        try await withClient(endpoint: moto.endpoint) { client in
            #expect(client.endpoint.addressingStyle(for: bucket) == .path)
            try await client.putObject(put)
        }
        #expect(try moto.object(bucket, "cloudformation/latest/chroma.cf.json") == Array("{}\n".utf8))
    }

    @Test func headObjectSaysNilForAMissingKey() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("head")
        try moto.createBucket(bucket)
        let head = try await withClient(endpoint: moto.endpoint) { client in
            try await client.headObject(bucket: bucket, key: "absent.json")
        }
        #expect(head == nil)
    }

    @Test func wrongSecretGetsSignatureDoesNotMatchAndUploadsNothing() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("wrongkey")
        try moto.createBucket(bucket)
        let put = PutObject(bucket: bucket, key: "a.json", body: Array("{}".utf8), contentType: "application/json")
        for operation in ["PUT", "HEAD"] {
            let error = await #expect(throws: S3Error.self) {
                try await withClient(endpoint: moto.endpoint, secret: "not-the-secret") { client in
                    if operation == "PUT" {
                        try await client.putObject(put)
                    } else {
                        _ = try await client.headObject(bucket: bucket, key: "a.json")
                    }
                }
            }
            #expect(error?.serviceCode == "SignatureDoesNotMatch", "\(operation): \(String(describing: error))")
            let text = error?.description ?? ""
            #expect(text.hasPrefix("\(operation) s3://\(bucket)/a.json: SignatureDoesNotMatch: "))
            #expect(text.contains("HTTP 403"))
            #expect(!text.contains("\n"))
            #expect(!text.contains("not-the-secret"))
        }
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func missingBucketIsNoSuchBucket() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("missing")
        let put = PutObject(bucket: bucket, key: "a.json", body: Array("{}".utf8), contentType: "application/json")
        let error = await #expect(throws: S3Error.self) {
            try await withClient(endpoint: moto.endpoint) { client in try await client.putObject(put) }
        }
        #expect(error?.serviceCode == "NoSuchBucket")
        #expect(error?.description.contains("request id") == true, "\(String(describing: error))")
    }

    // MARK: Publisher

    func publish(_ body: [UInt8], to destination: String, version: String?, endpoint: String) async throws -> [PublishedObject] {
        let plan = try PublishPlan(
            fileName: "chroma.cf.json", body: body, destination: try S3Location(parsing: destination), version: version)
        return try await withClient(endpoint: endpoint) { client in try await Publisher(client: client).publish(plan) }
    }

    @Test func publishesLatestAndAnImmutableVersionCopyThenSkipsSameBytes() async throws {
        let moto = try MotoServer.shared()
        let bucket = "pub.\(UUID().uuidString.prefix(8).lowercased()).example"
        try moto.createBucket(bucket)
        let v1 = Array("{\"v\": \"1.2.3\"}\n".utf8)
        let first = try await publish(v1, to: "s3://\(bucket)/cloudformation/latest/", version: "1.2.3", endpoint: moto.endpoint)
        #expect(first.map(\.outcome) == [.uploaded, .uploaded])
        #expect(first.map(\.url) == [
            "\(moto.endpoint)/\(bucket)/cloudformation/1.2.3/chroma.cf.json",
            "\(moto.endpoint)/\(bucket)/cloudformation/latest/chroma.cf.json",
        ])
        #expect(try moto.keys(bucket) == ["cloudformation/1.2.3/chroma.cf.json", "cloudformation/latest/chroma.cf.json"])
        #expect(try moto.object(bucket, "cloudformation/1.2.3/chroma.cf.json") == v1)
        #expect(try moto.object(bucket, "cloudformation/latest/chroma.cf.json") == v1)

        let again = try await publish(v1, to: "s3://\(bucket)/cloudformation/latest/", version: "1.2.3", endpoint: moto.endpoint)
        #expect(again.map(\.outcome) == [.unchanged, .unchanged])

        // A new release moves latest and adds its own copy; the old copy stays.
        let v2 = Array("{\"v\": \"1.2.4\"}\n".utf8)
        let next = try await publish(v2, to: "s3://\(bucket)/cloudformation/latest/", version: "1.2.4", endpoint: moto.endpoint)
        #expect(next.map(\.outcome) == [.uploaded, .uploaded])
        #expect(try moto.object(bucket, "cloudformation/latest/chroma.cf.json") == v2)
        #expect(try moto.object(bucket, "cloudformation/1.2.3/chroma.cf.json") == v1)
    }

    @Test func refusesToReplaceAReleasedVersionWithOtherBytes() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("immutable")
        try moto.createBucket(bucket)
        let v1 = Array("{\"v\": 1}\n".utf8)
        _ = try await publish(v1, to: "s3://\(bucket)/cf/latest/", version: "1.0.0", endpoint: moto.endpoint)
        let error = await #expect(throws: PublishError.self) {
            try await self.publish(Array("{\"v\": 2}\n".utf8), to: "s3://\(bucket)/cf/latest/", version: "1.0.0", endpoint: moto.endpoint)
        }
        guard case .immutableObjectDiffers(_, let key, _, _) = error else {
            Issue.record("expected immutableObjectDiffers, got \(String(describing: error))")
            return
        }
        #expect(key == "cf/1.0.0/chroma.cf.json")
        // Refused before anything was uploaded: latest still has the first bytes.
        #expect(try moto.object(bucket, "cf/latest/chroma.cf.json") == v1)
        #expect(try moto.object(bucket, "cf/1.0.0/chroma.cf.json") == v1)
    }
}
