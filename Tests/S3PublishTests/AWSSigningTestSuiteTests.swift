import Foundation
import S3Publish
import TestSupport
import Testing

/// The aws-c-auth signing test suite (`v4/`), header-based signing: every
/// case reproduces its canonical request, string to sign and signature, and
/// the signed request's headers, following its `context.json`.
@Suite struct AWSSigningTestSuiteTests {
    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }

        let credentials: Credentials
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    @Test func everyHeaderCaseMatches() throws {
        let folder = try Corpora.folder("sigv4/aws-signing-test-suite/v4")
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/context.json").path) }
            .sorted()
        var report = CorpusReport(name: "aws-signing-test-suite/v4")
        for name in cases {
            do {
                report.record(name, try check(folder.appendingPathComponent(name)))
            } catch {
                report.record(name, ["error: \(error)"])
            }
        }
        print(report.summary)
        #expect(report.total >= 38, "expected the 38 cases of the suite, found \(report.total)")
        #expect(report.failures.isEmpty, "\(report.summary); not matched:\n\(report.failures.joined(separator: "\n"))")
    }

    private func check(_ folder: URL) throws -> [String] {
        func file(_ name: String) throws -> String { try Corpora.text(folder.appendingPathComponent(name)) }
        let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        let raw = try RawRequest(Corpora.bytes(folder.appendingPathComponent("request.txt")))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region,
            service: context.service,
            pathRules: context.normalize ? .generic : .s3,
            addsContentSHA256Header: context.sign_body,
            sessionTokenPlacement: context.omit_session_token == true ? .addedAfterSigning : .signed)
        let request = SigV4Request(
            method: raw.method,
            path: raw.path,
            queryItems: try raw.queryItems,
            headers: raw.headers,
            payloadHash: PayloadHash(hashing: raw.body))
        let signed = try signer.sign(request, date: try iso8601(context.timestamp))

        // The signed request must carry the same headers (order aside) and body.
        let expectedSigned = try RawRequest(Corpora.bytes(folder.appendingPathComponent("header-signed-request.txt")))
        func sortedLines(_ headers: [HTTPHeader]) -> String {
            headers.map { "\($0.name):\($0.value)" }.sorted().joined(separator: "\n")
        }
        return mismatch("canonical request", expected: try file("header-canonical-request.txt"),
                        actual: signed.canonicalRequest.text)
            + mismatch("string to sign", expected: try file("header-string-to-sign.txt"), actual: signed.stringToSign)
            + mismatch("signature", expected: try file("header-signature.txt"), actual: signed.signature)
            + mismatch("signed request headers", expected: sortedLines(expectedSigned.headers),
                       actual: sortedLines(signed.headers(applyingTo: raw.headers)))
    }
}
