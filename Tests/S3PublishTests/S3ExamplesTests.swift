import Foundation
import S3Publish
import TestSupport
import Testing

/// The single-chunk header examples of the S3 API reference
/// (sig-v4-header-based-auth, "Examples: Signature Calculations"), as
/// transcribed in `sigv4/s3-examples.md`. Inputs are written out here from
/// the markdown's request blocks; the expected canonical request, string to
/// sign, signature and Authorization value are read from the markdown.
@Suite struct S3ExamplesTests {
    struct Example {
        let heading: String
        let request: SigV4Request
    }

    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func examples() throws -> [Example] {
        let host = HTTPHeader(name: "Host", value: "examplebucket.s3.amazonaws.com")
        let date = HTTPHeader(name: "x-amz-date", value: "20130524T000000Z")
        let emptySHA = HTTPHeader(name: "x-amz-content-sha256", value: emptyHash)
        let pending = HTTPHeader(name: "Authorization", value: "SignatureToBeCalculated")
        let putHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        return [
            Example(heading: "## 1. Example: GET Object", request: SigV4Request(
                method: "GET", path: "/test.txt",
                headers: [host, pending, HTTPHeader(name: "Range", value: "bytes=0-9"), emptySHA, date],
                payloadHash: try PayloadHash(hexDigest: emptyHash))),
            // The docs' request line reads `PUT test$file.text`; the path on
            // the wire is `/test$file.text`.
            Example(heading: "## 2. Example: PUT Object", request: SigV4Request(
                method: "PUT", path: "/test$file.text",
                headers: [
                    host,
                    HTTPHeader(name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                    pending,
                    date,
                    HTTPHeader(name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY"),
                    HTTPHeader(name: "x-amz-content-sha256", value: putHash),
                ],
                payloadHash: PayloadHash(hashing: Array("Welcome to Amazon S3.".utf8)))),
            Example(heading: "## 3. Example: GET Bucket Lifecycle", request: SigV4Request(
                method: "GET", path: "/",
                queryItems: [QueryItem(name: "lifecycle")],
                headers: [host, pending, date, emptySHA],
                payloadHash: try PayloadHash(hexDigest: emptyHash))),
            Example(heading: "## 4. Example: Get Bucket (List Objects)", request: SigV4Request(
                method: "GET", path: "/",
                queryItems: [QueryItem(name: "max-keys", value: "2"), QueryItem(name: "prefix", value: "J")],
                headers: [host, pending, date, emptySHA],
                payloadHash: try PayloadHash(hexDigest: emptyHash))),
        ]
    }

    /// The section of `markdown` whose heading line starts with `heading`,
    /// up to the next `## `.
    static func section(_ heading: String, in markdown: String) throws -> Substring {
        guard let start = markdown.range(of: "\n" + heading),
              let lineEnd = markdown[start.upperBound...].firstIndex(of: "\n")
        else {
            throw RawRequest.Malformed(description: "s3-examples.md has no section \(heading)")
        }
        let rest = markdown[lineEnd...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return rest[..<end]
    }

    /// The body of the first fenced block after the line starting with `label`.
    static func block(after label: String, in section: Substring) throws -> String {
        guard let labelRange = section.range(of: "\n" + label),
              let open = section[labelRange.upperBound...].range(of: "```\n"),
              let close = section[open.upperBound...].range(of: "\n```")
        else { throw RawRequest.Malformed(description: "no block after \(label)") }
        return String(section[open.upperBound..<close.lowerBound])
    }

    /// The hex in "Signature: `...`".
    static func signature(in section: Substring) throws -> String {
        guard let line = section.split(separator: "\n").first(where: { $0.hasPrefix("Signature: `") }) else {
            throw RawRequest.Malformed(description: "no Signature line")
        }
        return String(line.dropFirst("Signature: `".count).prefix { $0 != "`" })
    }

    @Test func singleChunkHeaderExamplesMatch() throws {
        let markdown = try Corpora.text(try Corpora.folder("sigv4").appendingPathComponent("s3-examples.md"))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "s3", pathRules: .s3)
        let date = try iso8601("2013-05-24T00:00:00Z")
        var report = CorpusReport(name: "s3-examples.md single-chunk")
        for example in try Self.examples() {
            do {
                let section = try Self.section(example.heading, in: markdown)
                let signed = try signer.sign(example.request, date: date)
                // The docs print the Authorization value without spaces after
                // the commas; the signature does not cover that formatting.
                let authorization = signed.authorization.replacingOccurrences(of: ", ", with: ",")
                report.record(example.heading, mismatch(
                    "canonical request", expected: try Self.block(after: "Canonical request:", in: section),
                    actual: signed.canonicalRequest.text)
                    + mismatch("string to sign", expected: try Self.block(after: "StringToSign:", in: section),
                               actual: signed.stringToSign)
                    + mismatch("signature", expected: try Self.signature(in: section), actual: signed.signature)
                    + mismatch("authorization", expected: try Self.block(after: "Authorization header:", in: section),
                               actual: authorization))
            } catch {
                report.record(example.heading, ["error: \(error)"])
            }
        }
        print(report.summary)
        #expect(report.total == 4)
        #expect(report.failures.isEmpty, "\(report.summary); not matched:\n\(report.failures.joined(separator: "\n"))")
    }

    /// The same GET Object example with the signer adding `x-amz-date` and
    /// `x-amz-content-sha256` itself, as the S3 client will use it.
    @Test func signerAddedHeadersGiveTheSameSignature() throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "s3", pathRules: .s3, addsContentSHA256Header: true)
        let request = SigV4Request(
            method: "GET", path: "/test.txt",
            headers: [
                HTTPHeader(name: "Host", value: "examplebucket.s3.amazonaws.com"),
                HTTPHeader(name: "Range", value: "bytes=0-9"),
            ])
        let signed = try signer.sign(request, date: try iso8601("2013-05-24T00:00:00Z"))
        // Section "1. Example: GET Object" of s3-examples.md.
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(signed.headersToAdd == [
            HTTPHeader(name: "X-Amz-Date", value: "20130524T000000Z"),
            HTTPHeader(name: "x-amz-content-sha256", value: Self.emptyHash),
        ])
        let sent = signed.headers(applyingTo: request.headers)
        #expect(sent.map(\.name) == ["Host", "Range", "X-Amz-Date", "x-amz-content-sha256", "Authorization"])
    }
}
