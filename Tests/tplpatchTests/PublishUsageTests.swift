import Foundation
import TestSupport
import Testing

/// `tplpatch publish` refuses a command line that cannot be what the user
/// meant (exit 2) before it reads the file or sends a request: the built
/// executable, pointed at a fault server that forwards to moto_server and
/// logs every request, so "no request" is observed, not assumed.
///
/// Each refused command would otherwise succeed: the fixture holds 0.5.20,
/// the bucket exists, and the same command without the bad part uploads.
@Suite struct PublishUsageTests {
    let moto: MotoServer
    let proxy: FaultServer
    let scratch: Scratch
    let root: String
    let bucket: String

    init() throws {
        moto = try MotoServer.shared()
        proxy = try FaultServer(.failThenProxy(status: 500, code: "InternalError", times: 0, to: moto.endpoint))
        scratch = try Scratch()
        root = try scratch.copyFixture("chroma")
        bucket = MotoServer.uniqueBucket("usage")
        try moto.createBucket(bucket)
    }

    let file = "deployments/aws/chroma.cf.json"
    var latest: String { "s3://\(bucket)/cloudformation/latest/" }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments, in: root, environment: moto.environment(home: scratch.path))
    }

    func publish(_ arguments: [String]) throws -> CLI.Result {
        try run(["publish"] + arguments + ["--endpoint-url", proxy.endpoint])
    }

    /// Exit 2, nothing on standard output, no request made, nothing stored.
    func expectRefused(
        _ result: CLI.Result, saying phrase: String, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 2, "\(comment): status \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(phrase), "\(comment): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(comment): \(result.stdout)", sourceLocation: sourceLocation)
        #expect(proxy.requests().isEmpty, "\(comment): \(proxy.requests())", sourceLocation: sourceLocation)
        #expect(try moto.keys(bucket).isEmpty, "\(comment)", sourceLocation: sourceLocation)
    }

    @Test func theSameCommandWithoutTheBadPartUploads() throws {
        // The control for every refusal below.
        let ok = try publish([file, latest, "--release-version", "0.5.20", "--cache-control", "max-age=300",
                              "--acl", "bucket-owner-full-control"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try moto.keys(bucket) == ["cloudformation/0.5.20/chroma.cf.json", "cloudformation/latest/chroma.cf.json"])
        #expect(try moto.head(bucket, "cloudformation/latest/chroma.cf.json")["CacheControl"] == "max-age=300")
        #expect(!proxy.requests().isEmpty)
    }

    @Test func theOldVersionOptionIsAUsageErrorNotTplpatchsVersion() throws {
        // The destination forgotten (or an empty, unquoted $DEST): once this
        // printed "0.1.0" and exited 0, having uploaded nothing.
        let forgotten = try publish([file, "--version", "0.5.20"])
        try expectRefused(forgotten, saying: "--release-version", "destination forgotten")
        #expect(!forgotten.stdout.contains("0.1.0") && !forgotten.stderr.contains("0.1.0"))
        #expect(forgotten.stderr.contains("Usage: tplpatch publish [<options>] <file> <s3://BUCKET/PREFIX/>"), "\(forgotten.stderr)")
        for arguments in [[file, latest, "--version", "0.5.20"], [file, latest, "--version=0.5.20"], ["--version"]] {
            try expectRefused(try publish(arguments), saying: "publish has no --version option", "\(arguments)")
        }
        // tplpatch's own version is still there, asked for alone.
        let version = try run(["--version"])
        #expect(version.status == 0)
        // (`0.1.0 (commit ...)`, VersionCLITests has the rest.)
        #expect(version.stdout.hasPrefix("0.1.0 (commit "), "\(version.stdout)")
    }

    @Test func aMissingOrEmptyDestinationIsAUsageError() throws {
        try expectRefused(try publish([file, "--release-version", "0.5.20"]), saying: "Missing expected argument", "missing")
        try expectRefused(try publish([file, "", "--release-version", "0.5.20"]), saying: "the destination is empty", "empty")
    }

    @Test func anEmptyOrFolderlessReleaseVersionIsAUsageError() throws {
        try expectRefused(try publish([file, latest, "--release-version", ""]), saying: "--release-version must not be empty")
        try expectRefused(try publish([file, latest, "--release-version", "a/b"]), saying: "it contains '/'")
    }

    @Test(arguments: [
        ("max-age=300\r\nX-Injected: 1", "line break"),
        ("max-age=300\nX-Injected: 1", "line break"),
        ("max-age=300\r", "line break"),
        ("max-age=\u{7}300", "control character"),
        ("max-age=300\u{1B}[2J", "control character"),
        ("max-age=300\u{7F}", "control character"),
        ("max-age=300\t", "control character"),
        ("", "it is empty"),
        ("max-âge=300", "outside ASCII"),
    ])
    func aCacheControlThatCannotBeAHeaderIsAUsageError(value: String, phrase: String) throws {
        let result = try publish([file, latest, "--release-version", "0.5.20", "--cache-control", value])
        try expectRefused(result, saying: "--cache-control cannot be sent as a header: ", "\(value.debugDescription)")
        #expect(result.stderr.contains(phrase), "\(value.debugDescription): \(result.stderr)")
        // The refused value never reaches the terminal raw.
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test(arguments: ["public-read\r\nX-Injected: 1", "Public-Read", "public_read", "everyone", "log-delivery-write", ""])
    func anACLThatIsNotCannedIsAUsageError(value: String) throws {
        let result = try publish([file, latest, "--release-version", "0.5.20", "--acl", value])
        try expectRefused(result, saying: "is not a canned ACL (one of: private, public-read,", "\(value.debugDescription)")
        #expect(!result.stderr.contains("\r"), "\(value.debugDescription)")
    }

    @Test(arguments: [
        ("ab", "has 2 characters: a bucket name has 3 to 63"),
        (String(repeating: "a", count: 64), "has 64 characters: a bucket name has 3 to 63"),
        ("-bad-", "must begin and end with a lowercase letter or a digit"),
        ("bad.", "must begin and end with a lowercase letter or a digit"),
        ("192.168.1.1", "is formatted as an IP address"),
        ("Upper-Case", "has upper case ('U')"),
        ("my_bucket", "has '_'"),
        ("a..b", "has two adjacent dots"),
        ("xn--bucket", "starts with 'xn--'"),
        ("sthree-bucket", "starts with 'sthree-'"),
        ("amzn-s3-demo-bucket", "starts with 'amzn-s3-demo-'"),
        ("bucket-s3alias", "ends with '-s3alias'"),
        ("bucket--ol-s3", "ends with '--ol-s3'"),
        ("bucket.mrap", "ends with '.mrap'"),
        ("bucket--x-s3", "ends with '--x-s3'"),
    ])
    func aBucketNameOutsideS3sRulesIsAUsageError(name: String, rule: String) throws {
        let result = try publish([file, "s3://\(name)/cloudformation/latest/", "--release-version", "0.5.20"])
        try expectRefused(result, saying: rule, name)
    }

    @Test func theChromaBucketAndOtherValidNamesPass() throws {
        for name in ["public.trychroma.com", "abc", String(repeating: "a", count: 63), "1.2.3.4.5", "192.168.1.1a", "a-b.c-d"] {
            let result = try publish([file, "s3://\(name)/cloudformation/latest/", "--release-version", "0.5.20", "--dry-run"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("/\(name)/cloudformation/latest/chroma.cf.json"), "\(name)")
        }
        #expect(proxy.requests().isEmpty)
    }

    @Test func theHelpNamesReleaseVersionAndNoVersionOption() throws {
        let help = try run(["help", "publish"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--release-version <V>"), "\(help.stdout)")
        #expect(!help.stdout.contains("--version <"), "\(help.stdout)")
    }
}
