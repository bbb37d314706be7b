import Foundation
import S3Publish
import TestSupport
import Testing

/// The botocore copy of the AWS SigV4 test suite: every case reproduces its
/// `.creq`, `.sts` and `.authz` exactly, with generic (normalising,
/// double-encoding) path rules.
@Suite struct AWS4TestSuiteTests {
    @Test func everyCaseMatches() throws {
        let folder = try Corpora.folder("sigv4/aws4_testsuite")
        let requests = try caseFiles(under: folder)
        var report = CorpusReport(name: "aws4_testsuite")
        for request in requests {
            let name = request.deletingPathExtension().path.dropFirst(folder.path.count + 1)
            do {
                report.record(String(name), try check(request))
            } catch {
                report.record(String(name), ["error: \(error)"])
            }
        }
        print(report.summary)
        #expect(report.total >= 34, "expected the 34 cases of the suite, found \(report.total)")
        #expect(report.failures.isEmpty, "\(report.summary); not matched:\n\(report.failures.joined(separator: "\n"))")
    }

    /// The `post-sts-token` cases with the token given as the credentials'
    /// session token (not already on the request): the signer adds
    /// `X-Amz-Security-Token` itself, signed (`post-sts-header-before`) or
    /// added after signing (`post-sts-header-after`), and reproduces the
    /// suite's canonical request, string to sign, signature and signed request.
    @Test(arguments: [
        ("post-sts-header-before", SigV4Signer.SessionTokenPlacement.signed),
        ("post-sts-header-after", SigV4Signer.SessionTokenPlacement.addedAfterSigning),
    ])
    func sessionTokenCasesWithTheTokenFromTheCredentials(name: String, placement: SigV4Signer.SessionTokenPlacement) throws {
        let base = try Corpora.folder("sigv4/aws4_testsuite/post-sts-token/\(name)").appendingPathComponent(name)
        func expected(_ ext: String) throws -> String { try Corpora.text(base.appendingPathExtension(ext)) }
        let sreq = try expected("sreq")
        let tokenLine = try #require(sreq.split(separator: "\n").first { $0.hasPrefix("X-Amz-Security-Token:") })
        let token = String(tokenLine.dropFirst("X-Amz-Security-Token:".count))
        var raw = try RawRequest(Corpora.bytes(base.appendingPathExtension("req")))
        raw.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: testSecret, sessionToken: token),
            region: "us-east-1", service: "service", pathRules: .generic, sessionTokenPlacement: placement)
        let signed = try signer.sign(
            SigV4Request(method: raw.method, path: raw.path, queryItems: try raw.queryItems, headers: raw.headers,
                         payloadHash: PayloadHash(hashing: raw.body)),
            date: try iso8601("2015-08-30T12:36:00Z"))
        #expect(signed.canonicalRequest.text == (try expected("creq")))
        #expect(signed.stringToSign == (try expected("sts")))
        #expect(signed.authorization == (try expected("authz")))
        let sent = signed.headers(applyingTo: raw.headers)
        #expect(sent.values(named: "X-Amz-Security-Token") == [token])
        #expect(sent.values(named: "Authorization") == [try expected("authz")])
    }

    /// Every `.req` below `folder`, sorted: cases nest (`normalize-path/get-slash/get-slash.req`).
    private func caseFiles(under folder: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw MissingCorpus(path: folder.path)
        }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "req" }
            .sorted { $0.path < $1.path }
    }

    private func check(_ requestFile: URL) throws -> [String] {
        let base = requestFile.deletingPathExtension()
        func expected(_ ext: String) throws -> String {
            try Corpora.text(base.appendingPathExtension(ext))
        }
        let raw = try RawRequest(Corpora.bytes(requestFile))
        let creq = try expected("creq")
        let sreq = try expected("sreq")

        // The suite gives no credentials file; like botocore's harness, the
        // session token comes from the expected output. A token already on
        // the request is signed as an ordinary header; one only in the
        // canonical request is the signer's to add; one only in the signed
        // request was added after signing (post-sts-header-after).
        var token: String?
        var placement = SigV4Signer.SessionTokenPlacement.signed
        if raw.headers.values(named: "X-Amz-Security-Token").isEmpty {
            if let line = creq.split(separator: "\n").first(where: { $0.hasPrefix("x-amz-security-token:") }) {
                token = String(line.dropFirst("x-amz-security-token:".count))
            } else if let line = sreq.split(separator: "\n").first(where: { $0.lowercased().hasPrefix("x-amz-security-token:") }) {
                token = String(line.dropFirst("x-amz-security-token:".count))
                placement = .addedAfterSigning
            }
        }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: testSecret, sessionToken: token),
            region: "us-east-1",
            service: "service",
            pathRules: .generic,
            sessionTokenPlacement: placement)
        let request = SigV4Request(
            method: raw.method,
            path: raw.path,
            queryItems: try raw.queryItems,
            headers: raw.headers,
            payloadHash: PayloadHash(hashing: raw.body))
        let signed = try signer.sign(request, date: try iso8601("2015-08-30T12:36:00Z"))
        return mismatch("canonical request", expected: creq, actual: signed.canonicalRequest.text)
            + mismatch("string to sign", expected: try expected("sts"), actual: signed.stringToSign)
            + mismatch("authorization", expected: try expected("authz"), actual: signed.authorization)
    }
}
