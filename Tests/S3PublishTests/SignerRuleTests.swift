import Foundation
import S3Publish
import Testing

/// Rules the corpora do not pin down on their own: S3 single encoding of an
/// already-encoded path, generic double encoding, query encoding, header
/// replacement and the errors the signer throws.
@Suite struct SignerRuleTests {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: testSecret),
        region: "us-east-1", service: "service", pathRules: .generic)
    let host = HTTPHeader(name: "Host", value: "example.amazonaws.com")

    func canonicalURI(_ path: String, _ rules: SigV4PathRules) throws -> String {
        var signer = signer
        signer.pathRules = rules
        let signed = try signer.sign(SigV4Request(method: "GET", path: path, headers: [host]), date: Date(timeIntervalSince1970: 0))
        return signed.canonicalRequest.canonicalURI
    }

    @Test(arguments: [
        ("/example%20space/", "/example%20space/"),
        ("/example space/", "/example%20space/"),
        ("/a%2fb", "/a%2Fb"),
        ("/test$file.text", "/test%24file.text"),
        ("/100%25.txt", "/100%25.txt"),
        ("/100%.txt", "/100%25.txt"),
        ("//a/./b/../c//", "//a/./b/../c//"),
        ("", "/"),
    ])
    func s3PathIsEncodedOnceAndNotNormalised(path: String, expected: String) throws {
        #expect(try canonicalURI(path, .s3) == expected)
    }

    @Test(arguments: [
        ("/example%20space/", "/example%2520space/"),
        ("/example space/", "/example%20space/"),
        ("//a/./b/../c//", "/a/c/"),
        ("/a/b/..", "/a/"),
        ("/..", "/"),
        ("", "/"),
    ])
    func genericPathIsNormalisedAndDoubleEncoded(path: String, expected: String) throws {
        #expect(try canonicalURI(path, .generic) == expected)
    }

    @Test func queryIsEncodedStrictlyAndSorted() throws {
        let items = try QueryItem.parse(rawQuery: "b=2&a=%7e x&a=1&c&&d=a+b&e=%2F")
        #expect(items == [
            QueryItem(name: "b", value: "2"), QueryItem(name: "a", value: "~ x"), QueryItem(name: "a", value: "1"),
            QueryItem(name: "c"), QueryItem(name: "d", value: "a+b"), QueryItem(name: "e", value: "/"),
        ])
        let signed = try signer.sign(
            SigV4Request(method: "GET", path: "/", queryItems: items, headers: [host]), date: Date(timeIntervalSince1970: 0))
        #expect(signed.canonicalRequest.canonicalQuery == "a=1&a=~%20x&b=2&c=&d=a%2Bb&e=%2F")
        #expect(throws: SigV4Error.invalidQueryEncoding("%FF")) { try QueryItem.parse(rawQuery: "%FF=1") }
    }

    @Test func signerReplacesItsOwnHeaders() throws {
        var signer = signer
        signer.credentials.sessionToken = "TOKEN"
        signer.addsContentSHA256Header = true
        let request = SigV4Request(method: "GET", path: "/", headers: [
            host,
            HTTPHeader(name: "X-Amz-Date", value: "19990101T000000Z"),
            HTTPHeader(name: "authorization", value: "stale"),
            HTTPHeader(name: "X-AMZ-SECURITY-TOKEN", value: "old"),
        ])
        let signed = try signer.sign(request, date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(signed.canonicalRequest.canonicalHeaders == """
            host:example.amazonaws.com
            x-amz-content-sha256:\(PayloadHash.emptyPayload.value)
            x-amz-date:20150830T123600Z
            x-amz-security-token:TOKEN

            """)
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        let sent = signed.headers(applyingTo: request.headers)
        #expect(sent.map(\.name) == ["Host", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token", "Authorization"])
        #expect(sent.values(named: "x-amz-date") == ["20150830T123600Z"])
    }

    @Test func tokenAddedAfterSigningIsSentButNotSigned() throws {
        var signer = signer
        signer.credentials.sessionToken = "TOKEN"
        signer.sessionTokenPlacement = .addedAfterSigning
        let request = SigV4Request(method: "GET", path: "/", headers: [host])
        let signed = try signer.sign(request, date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-date")
        #expect(signed.headers(applyingTo: request.headers).values(named: "x-amz-security-token") == ["TOKEN"])
    }

    @Test func datesFormatInUTCWithoutFractions() throws {
        let signed = try signer.sign(
            SigV4Request(method: "GET", path: "/", headers: [host]), date: Date(timeIntervalSince1970: 951_825_599.999))
        #expect(signed.headersToAdd.first == HTTPHeader(name: "X-Amz-Date", value: "20000229T115959Z"))
        #expect(signed.credentialScope == "20000229/us-east-1/service/aws4_request")
        let old = try signer.sign(
            SigV4Request(method: "GET", path: "/", headers: [host]), date: Date(timeIntervalSince1970: -1))
        #expect(old.headersToAdd.first?.value == "19691231T235959Z")
    }

    @Test func invalidInputsThrowTypedErrors() throws {
        let date = Date(timeIntervalSince1970: 0)
        #expect(throws: SigV4Error.invalidMethod("G T")) {
            try signer.sign(SigV4Request(method: "G T", path: "/", headers: [host]), date: date)
        }
        #expect(throws: SigV4Error.invalidPath("relative")) {
            try signer.sign(SigV4Request(method: "GET", path: "relative", headers: [host]), date: date)
        }
        #expect(throws: SigV4Error.invalidHeaderName("Bad Name")) {
            try signer.sign(SigV4Request(method: "GET", path: "/", headers: [HTTPHeader(name: "Bad Name", value: "x")]), date: date)
        }
        #expect(throws: SigV4Error.invalidPayloadHash("abc")) { try PayloadHash(hexDigest: "abc") }
        #expect(throws: SigV4Error.invalidPayloadHash("unsigned")) { try PayloadHash(literal: "unsigned") }
        #expect(try PayloadHash(literal: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD").value == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        #expect(throws: SigV4Error.contentSHA256Mismatch(header: "abc", payloadHash: PayloadHash.emptyPayload.value)) {
            try signer.sign(
                SigV4Request(method: "GET", path: "/", headers: [host, HTTPHeader(name: "x-amz-content-sha256", value: "abc")]),
                date: date)
        }
        var badRegion = signer
        badRegion.region = "us/east"
        #expect(throws: SigV4Error.invalidScopeComponent(name: "region", value: "us/east")) {
            try badRegion.sign(SigV4Request(method: "GET", path: "/", headers: [host]), date: date)
        }
        var badKey = signer
        badKey.credentials.accessKeyID = ""
        #expect(throws: SigV4Error.invalidAccessKeyID) {
            try badKey.sign(SigV4Request(method: "GET", path: "/", headers: [host]), date: date)
        }
        #expect(throws: SigV4Error.dateOutOfRange) {
            try signer.sign(SigV4Request(method: "GET", path: "/", headers: [host]), date: Date(timeIntervalSince1970: 1e12))
        }
    }

    @Test func unsignedPayloadIsTheLastLine() throws {
        let signed = try signer.sign(
            SigV4Request(method: "PUT", path: "/k", headers: [host], payloadHash: .unsignedPayload),
            date: Date(timeIntervalSince1970: 0))
        #expect(signed.canonicalRequest.text.hasSuffix("\nUNSIGNED-PAYLOAD"))
    }
}
