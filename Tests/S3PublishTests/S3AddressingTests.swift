import Foundation
import S3Publish
import Testing

/// `s3://` parsing, addressing styles, content types, error documents and
/// the retry schedule: the parts of the client that need no server.
@Suite struct S3AddressingTests {
    @Test func parsesBucketAndPrefixAsAFolder() throws {
        let latest = try S3Location(parsing: "s3://public.trychroma.com/cloudformation/latest/")
        #expect(latest.bucket == "public.trychroma.com")
        #expect(latest.prefix == "cloudformation/latest/")
        #expect(latest.key(for: "chroma.cf.json") == "cloudformation/latest/chroma.cf.json")
        #expect(latest.lastFolder == "latest")
        #expect(latest.sibling(named: "1.2.3")?.prefix == "cloudformation/1.2.3/")
        #expect(try S3Location(parsing: "s3://b-1/cloudformation/latest").prefix == "cloudformation/latest/")
        #expect(try S3Location(parsing: "s3://b-1").prefix == "")
        #expect(try S3Location(parsing: "s3://b-1/").key(for: "f.json") == "f.json")
        #expect(try S3Location(parsing: "s3://b-1/").sibling(named: "1.2.3") == nil)
    }

    @Test(arguments: ["s3:/b/p", "https://b/p", "s3://", "s3:///p", "s3://b/a//c/", "s3://b//a/", "s3://b/../x/", "s3://b c/p"])
    func rejectsMalformedLocations(_ text: String) {
        #expect(throws: S3Error.self) { try S3Location(parsing: text) }
    }

    @Test func dottedBucketsUsePathStyleOnAWS() throws {
        let endpoint = try S3Endpoint(region: "us-east-1")
        let dotted = endpoint.address(bucket: "public.trychroma.com", key: "cloudformation/latest/chroma.cf.json")
        #expect(dotted.url == "https://s3.us-east-1.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json")
        #expect(dotted.hostHeader == "s3.us-east-1.amazonaws.com")
        let plain = endpoint.address(bucket: "chroma-releases", key: "a/b.json")
        #expect(plain.url == "https://chroma-releases.s3.us-east-1.amazonaws.com/a/b.json")
        #expect(endpoint.addressingStyle(for: "Upper_Case") == .path)
        #expect(try S3Endpoint(region: "cn-north-1").host == "s3.cn-north-1.amazonaws.com.cn")
    }

    @Test func customEndpointsAlwaysUsePathStyle() throws {
        let endpoint = try S3Endpoint(url: "http://127.0.0.1:9000/", region: "us-east-1")
        let address = endpoint.address(bucket: "plain-bucket", key: "dir/a b+c.json")
        #expect(address.url == "http://127.0.0.1:9000/plain-bucket/dir/a%20b%2Bc.json")
        #expect(address.hostHeader == "127.0.0.1:9000")
        let https = try S3Endpoint(url: "https://minio.example:443/base", region: "eu-west-1")
        #expect(https.address(bucket: "b-1", key: "k").url == "https://minio.example/base/b-1/k")
        #expect(throws: S3Error.self) { try S3Endpoint(url: "ftp://x", region: "us-east-1") }
        #expect(throws: S3Error.self) { try S3Endpoint(url: "http://", region: "us-east-1") }
        #expect(throws: S3Error.self) { try S3Endpoint(region: "us east") }
    }

    @Test func contentTypeComesFromTheExtension() {
        #expect(ContentType.forFileName("chroma.cf.json") == "application/json")
        #expect(ContentType.forFileName("chroma.cf.YAML") == "application/yaml")
        #expect(ContentType.forFileName("t.yml") == "application/yaml")
        #expect(ContentType.forFileName("main.tf") == "text/plain; charset=utf-8")
        #expect(ContentType.forFileName("blob") == "application/octet-stream")
    }

    @Test func errorDocumentsBecomeOneLine() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucket</Code><Message>The specified bucket
              does not exist &amp; never did</Message><BucketName>x</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        let body = S3ErrorBody(parsing: Array(xml.utf8))
        #expect(body.code == "NoSuchBucket")
        #expect(body.message == "The specified bucket does not exist & never did")
        #expect(body.requestID == "4442587FB7D0A2F9")
        let error = S3ServiceError(
            method: "PUT", bucket: "x", key: "k",
            response: HTTPResponseData(status: 404, headers: [], body: Array(xml.utf8)))
        #expect(error.description
            == "PUT s3://x/k: NoSuchBucket: The specified bucket does not exist & never did (HTTP 404, request id 4442587FB7D0A2F9)")
        #expect(!error.description.contains("\n"))
        let empty = S3ErrorBody(parsing: Array("not xml".utf8))
        #expect(empty.code == nil && empty.message == nil && empty.requestID == nil)
    }

    @Test func retriesOnlyServerErrorsAndSlowDown() {
        #expect(RetryPolicy.isRetryable(status: 500, code: "InternalError"))
        #expect(RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(RetryPolicy.isRetryable(status: 503, code: nil))
        #expect(RetryPolicy.isRetryable(status: 400, code: "SlowDown"))
        for status in [400, 403, 404, 409, 412] {
            #expect(!RetryPolicy.isRetryable(status: status, code: "AccessDenied"))
        }
    }

    @Test func backoffGrowsWithJitterAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        #expect(policy.delay(afterAttempt: 1, random: 0) == .milliseconds(50))
        #expect(policy.delay(afterAttempt: 1, random: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, random: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == .milliseconds(300))
        #expect(policy.delay(afterAttempt: 10, random: 1) == .milliseconds(500))
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test func planAddsTheVersionCopyOnlyBesideLatest() throws {
        let latest = try S3Location(parsing: "s3://public.trychroma.com/cloudformation/latest/")
        let plan = try PublishPlan(fileName: "chroma.cf.json", body: [1, 2, 3], destination: latest, version: "1.2.3")
        #expect(plan.targets.map(\.key) == ["cloudformation/1.2.3/chroma.cf.json", "cloudformation/latest/chroma.cf.json"])
        #expect(plan.targets.map(\.isImmutable) == [true, false])
        #expect(plan.contentType == "application/json")
        let other = try S3Location(parsing: "s3://b-1/cloudformation/stable/")
        #expect(try PublishPlan(fileName: "x.json", body: [], destination: other, version: "1.2.3").targets.count == 1)
        #expect(try PublishPlan(fileName: "x.json", body: [], destination: latest, version: nil).targets.count == 1)
        for bad in ["", "a/b", "..", "latest", "1.2.3 "] {
            #expect(throws: PublishError.self) {
                try PublishPlan(fileName: "x.json", body: [], destination: latest, version: bad)
            }
        }
    }

    @Test func dryRunRedactsTheSignatureAndToken() throws {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE1234", secretAccessKey: "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCY",
            sessionToken: "TOKENAQoDYXdzEPT2wEXAMPLEtc764bNrC9")
        let plan = try PublishPlan(
            fileName: "chroma.cf.json", body: Array("{}".utf8),
            destination: try S3Location(parsing: "s3://public.trychroma.com/cloudformation/latest/"), version: "1.2.3",
            cacheControl: "max-age=60", acl: "public-read")
        let requests = try Publisher.plannedRequests(
            plan, endpoint: try S3Endpoint(region: "us-east-1"), credentials: credentials, at: Date(timeIntervalSince1970: 0))
        #expect(requests.map(\.method) == ["HEAD", "PUT", "HEAD", "PUT"])
        let text = requests.map(\.redactedDescription).joined(separator: "\n")
        #expect(!text.contains("SECRETwJalrXUtnFEMIK7MDENGbPxRfiCY"))
        #expect(!text.contains("TOKENAQoDYXdzEPT2wEXAMPLEtc764bNrC9"))
        #expect(!text.contains("AKIDEXAMPLE1234"))
        for request in requests {
            let signature = try #require(request.headers.values(named: "Authorization").first?.split(separator: "=").last)
            #expect(!text.contains(signature))
        }
        #expect(text.contains("Authorization: AWS4-HMAC-SHA256 Credential=AKID.../19700101/us-east-1/s3/aws4_request, "))
        #expect(text.contains("Signature=<redacted>"))
        #expect(text.contains("X-Amz-Security-Token: <redacted>"))
        #expect(text.contains("PUT https://s3.us-east-1.amazonaws.com/public.trychroma.com/cloudformation/1.2.3/chroma.cf.json"))
        #expect(text.contains("Content-MD5: mZFLkyvTelC5g8XnyQrpOw=="))
        #expect(text.contains("Cache-Control: max-age=60"))
        #expect(text.contains("x-amz-acl: public-read"))
    }
}
