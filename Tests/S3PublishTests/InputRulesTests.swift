import S3Publish
import Testing

/// The checks that refuse a destination or an upload setting before any
/// request: S3's bucket naming rules, canned ACLs, header values.
@Suite struct InputRulesTests {
    @Test(arguments: [
        ("", "the bucket name is missing"),
        ("ab", "'ab' has 2 characters: a bucket name has 3 to 63"),
        (String(repeating: "b", count: 64), "has 64 characters: a bucket name has 3 to 63"),
        ("-bad-", "'-bad-' must begin and end with a lowercase letter or a digit"),
        ("bad-", "must begin and end"),
        (".bad", "must begin and end"),
        ("192.168.1.1", "'192.168.1.1' is formatted as an IP address"),
        ("999.1.1.1", "is formatted as an IP address"),
        ("Bucket", "'Bucket' has upper case ('B'): a bucket name has only lowercase letters, digits, '.' and '-'"),
        ("buc_ket", "has '_'"),
        ("buc ket", "has a space"),
        ("buc\nket", "'buc\\u{a}ket' has a control character"),
        ("bücket", "has a character outside ASCII"),
        ("a..b", "'a..b' has two adjacent dots"),
        ("xn--abc", "starts with 'xn--', a prefix S3 reserves"),
        ("sthree-abc", "starts with 'sthree-'"),
        ("amzn-s3-demo-abc", "starts with 'amzn-s3-demo-'"),
        ("abc-s3alias", "ends with '-s3alias', a suffix S3 reserves"),
        ("abc--ol-s3", "ends with '--ol-s3'"),
        ("abc.mrap", "ends with '.mrap'"),
        ("abc--x-s3", "ends with '--x-s3'"),
        ("abc--table-s3", "ends with '--table-s3'"),
    ])
    func bucketNamesOutsideS3sRulesSayWhichRule(name: String, reason: String) {
        let problem = BucketNameRules.problem(with: name)
        #expect(problem?.contains(reason) == true, "\(name.debugDescription): \(String(describing: problem))")
        #expect(!BucketNameRules.isValid(name))
        #expect(throws: S3Error.self) { try S3Location(parsing: "s3://\(name)/cf/latest/") }
    }

    @Test(arguments: [
        "public.trychroma.com", "abc", "a-b", "1ab", "ab1", "my.bucket.name", "1.2.3", "1.2.3.4.5", "1234.1.1.1",
        "192.168.1.1a", "xn-abc", "abc-s3alia", String(repeating: "z", count: 63),
    ])
    func validBucketNamesPass(name: String) throws {
        #expect(BucketNameRules.problem(with: name) == nil, "\(name)")
        #expect(try S3Location(parsing: "s3://\(name)/cf/latest/").bucket == name)
    }

    @Test func cannedACLsAreTheSevenPutObjectAccepts() {
        #expect(CannedACL.allCases.map(\.rawValue) == [
            "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read",
            "bucket-owner-full-control",
        ])
        for acl in CannedACL.allCases { #expect(CannedACL.problem(with: acl.rawValue) == nil) }
        for bad in ["PUBLIC-READ", "public-read ", "log-delivery-write", "", "public-read\r\nx: 1"] {
            let problem = CannedACL.problem(with: bad)
            #expect(problem?.contains("is not a canned ACL") == true, "\(bad.debugDescription)")
            #expect(problem?.contains("\r") == false && problem?.contains("\n") == false, "\(bad.debugDescription)")
        }
    }

    @Test func headerValuesMustBePrintableASCII() {
        #expect(HTTPHeader.problem(withValue: "public, max-age=300, must-revalidate") == nil)
        #expect(HTTPHeader.problem(withValue: "max-age=1\r\nx-amz-acl: public-read") == "it contains a line break (CR or LF)")
        #expect(HTTPHeader.problem(withValue: "\n") == "it contains a line break (CR or LF)")
        #expect(HTTPHeader.problem(withValue: "a\u{0}b") == "it contains a control character")
        #expect(HTTPHeader.problem(withValue: "a\tb") == "it contains a control character")
        #expect(HTTPHeader.problem(withValue: "a\u{7F}") == "it contains a control character")
        #expect(HTTPHeader.problem(withValue: "max-âge") == "it contains a character outside ASCII")
        #expect(HTTPHeader.problem(withValue: "") == "it is empty")
        #expect(HTTPHeader.problem(withValue: " no-cache") == "it starts or ends with a space")
    }

    @Test func aPlanRefusesSettingsThatCannotBeSent() throws {
        let location = try S3Location(parsing: "s3://b-1/cf/latest/")
        let body = Array("{}".utf8)
        #expect(throws: PublishError.invalidHeaderValue(field: "Cache-Control", value: "a\r\nb: c", reason: "it contains a line break (CR or LF)")) {
            try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil, cacheControl: "a\r\nb: c")
        }
        #expect(throws: PublishError.self) {
            try PublishPlan(fileName: "t.json", body: body, destination: location, version: "1.0.0", immutableCacheControl: "\u{1B}")
        }
        #expect(throws: PublishError.self) {
            try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil, contentType: "text/plain\n")
        }
        let error = #expect(throws: PublishError.self) {
            try PublishPlan(fileName: "t.json", body: body, destination: location, version: nil, acl: "world")
        }
        #expect(error?.description.hasPrefix("'world' is not a canned ACL (one of: private, public-read") == true)
        let escaped = PublishError.invalidHeaderValue(field: "Cache-Control", value: "a\u{1B}[2J", reason: "x").description
        #expect(escaped == "the Cache-Control value 'a\\u{1b}[2J' cannot be sent: x")
        #expect(try PublishPlan(fileName: "t.json", body: body, destination: location, version: "1.0.0",
                                cacheControl: "max-age=60", acl: "public-read").targets.count == 2)
    }
}
