import Foundation
import TestSupport
import Testing

/// `tplpatch publish` end to end: the built executable against moto_server.
@Suite struct PublishCLITests {
    let moto: MotoServer
    let scratch: Scratch
    let root: String
    let template: String

    init() throws {
        moto = try MotoServer.shared()
        scratch = try Scratch()
        root = try scratch.copyFixture("chroma")
        template = root + "/deployments/aws/chroma.cf.json"
    }

    func publish(
        _ arguments: [String], secret: String? = nil, extra: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> CLI.Result {
        var environment = moto.environment(secret: secret, home: scratch.path)
        for (key, value) in extra { environment[key] = value }
        return try CLI.run(["publish"] + arguments, in: root, environment: environment, timeout: timeout)
    }

    func templateBytes() throws -> [UInt8] {
        try Corpora.bytes(URL(fileURLWithPath: template))
    }

    @Test func theChromaStepIsOneCommand() throws {
        let bucket = "public.\(UUID().uuidString.prefix(8).lowercased()).trychroma.com"
        try moto.createBucket(bucket)
        let set = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(set.status == 0, "\(set.stderr)")
        let result = try publish([
            "deployments/aws/chroma.cf.json", "s3://\(bucket)/cloudformation/latest/", "--release-version", "1.2.3",
            "--endpoint-url", moto.endpoint,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            \(moto.endpoint)/\(bucket)/cloudformation/1.2.3/chroma.cf.json
            \(moto.endpoint)/\(bucket)/cloudformation/latest/chroma.cf.json

            """)
        #expect(result.stderr.contains("uploaded s3://\(bucket)/cloudformation/1.2.3/chroma.cf.json"))
        #expect(result.stderr.contains("uploaded s3://\(bucket)/cloudformation/latest/chroma.cf.json"))
        let bytes = try templateBytes()
        #expect(try moto.object(bucket, "cloudformation/latest/chroma.cf.json") == bytes)
        #expect(try moto.object(bucket, "cloudformation/1.2.3/chroma.cf.json") == bytes)
        #expect(try moto.head(bucket, "cloudformation/latest/chroma.cf.json")["ContentType"] == "application/json")

        let again = try publish([
            "deployments/aws/chroma.cf.json", "s3://\(bucket)/cloudformation/latest/", "--release-version", "1.2.3",
            "--endpoint-url", moto.endpoint,
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == result.stdout)
        #expect(again.stderr.contains("skipped s3://\(bucket)/cloudformation/latest/chroma.cf.json: it already has these bytes"))
        #expect(!again.stderr.contains("uploaded"))
        #expect(!(result.stdout + result.stderr + again.stderr).contains(moto.secretAccessKey))
    }

    @Test func aVersionMismatchExitsThreeAndUploadsNothing() throws {
        let bucket = MotoServer.uniqueBucket("mismatch")
        try moto.createBucket(bucket)
        // The fixture still says 0.5.20: publishing it as 1.2.3 is the bug this prevents.
        let result = try publish([template, "s3://\(bucket)/cloudformation/latest/", "--release-version", "1.2.3", "--endpoint-url", moto.endpoint])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("'Parameters.ChromaVersion.Default' holds '0.5.20', not '1.2.3'"))
        #expect(result.stderr.contains("chroma.cf.json:18:18"))
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func aFileWithoutTheVariableExitsOne() throws {
        let bucket = MotoServer.uniqueBucket("notarget")
        try moto.createBucket(bucket)
        let file = try scratch.write("plain.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}\n")
        let result = try publish([file, "s3://\(bucket)/cf/latest/", "--release-version", "1.2.3", "--endpoint-url", moto.endpoint])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no target for 'chroma_version'"))
        #expect(try moto.keys(bucket).isEmpty)
        // Another variable name is a flag away.
        let named = try scratch.write("named.json", """
            {"AWSTemplateFormatVersion": "2010-09-09", "Parameters": {"AppVersion": {"Default": "1.2.3"}}, "Resources": {}}

            """)
        let ok = try publish([named, "s3://\(bucket)/cf/", "--release-version", "1.2.3", "--name", "app_version", "--endpoint-url", moto.endpoint])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try moto.keys(bucket) == ["cf/named.json"])
    }

    @Test func aReleasedVersionIsNeverReplaced() throws {
        let bucket = MotoServer.uniqueBucket("released")
        try moto.createBucket(bucket)
        let first = try scratch.write("a/t.json", #"{"Parameters": {"ChromaVersion": {"Default": "2.0.0"}}, "Resources": {}}"# + "\n")
        let ok = try publish([first, "s3://\(bucket)/cf/latest/", "--release-version", "2.0.0", "--endpoint-url", moto.endpoint])
        #expect(ok.status == 0, "\(ok.stderr)")
        let changed = try scratch.write("b/t.json", #"{"Parameters": {"ChromaVersion": {"Default": "2.0.0"}}, "Resources": {"X": {}}}"# + "\n")
        let refused = try publish([changed, "s3://\(bucket)/cf/latest/", "--release-version", "2.0.0", "--endpoint-url", moto.endpoint])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("s3://\(bucket)/cf/2.0.0/t.json already exists with other bytes"))
        #expect(try moto.object(bucket, "cf/latest/t.json") == Corpora.bytes(URL(fileURLWithPath: first)))
    }

    @Test func wrongCredentialsAreAClearErrorAndUploadNothing() throws {
        let bucket = MotoServer.uniqueBucket("badkey")
        try moto.createBucket(bucket)
        let wrongSecret = "WRONGsecretWRONGsecretWRONGsecret0000"
        let result = try publish([template, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint], secret: wrongSecret)
        #expect(result.status == 1)
        #expect(result.stderr.contains("SignatureDoesNotMatch"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains(wrongSecret))
        #expect(try moto.keys(bucket).isEmpty)

        let noKeys = try publish([template, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint], extra: [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ])
        #expect(noKeys.status == 1)
        #expect(noKeys.stderr.contains("no AWS credentials found"), "\(noKeys.stderr)")
    }

    @Test func aMissingBucketExitsOne() throws {
        let bucket = MotoServer.uniqueBucket("nobucket")
        let result = try publish([template, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint])
        #expect(result.status == 1)
        #expect(result.stderr.contains("NoSuchBucket"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func dryRunShowsRequestsWithoutSecretsAndSendsNothing() throws {
        let bucket = MotoServer.uniqueBucket("dryrun")
        try moto.createBucket(bucket)
        _ = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        let token = "TOKENsessionTOKENsession1234567890"
        let result = try publish(
            ["deployments/aws/chroma.cf.json", "s3://\(bucket)/cloudformation/latest/", "--release-version", "1.2.3", "--dry-run",
             "--endpoint-url", moto.endpoint, "--cache-control", "max-age=300"],
            extra: ["AWS_SESSION_TOKEN": token])
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(!output.contains(moto.secretAccessKey))
        #expect(!output.contains(token))
        #expect(!output.contains(moto.accessKeyID))
        #expect(result.stdout.contains("PUT \(moto.endpoint)/\(bucket)/cloudformation/1.2.3/chroma.cf.json\n"))
        #expect(result.stdout.contains("HEAD \(moto.endpoint)/\(bucket)/cloudformation/latest/chroma.cf.json\n"))
        #expect(result.stdout.contains("Signature=<redacted>"))
        #expect(result.stdout.contains("X-Amz-Security-Token: <redacted>"))
        #expect(result.stdout.contains("Content-Type: application/json"))
        #expect(result.stdout.contains("Cache-Control: max-age=300"))
        #expect(result.stderr.contains("nothing sent"))
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func aServerThatNeverAnswersIsABoundedFailure() throws {
        // The command's own 1 s deadline (--timeout) must end it, with exit 1
        // and an error that says so. The 300 s given to CLI.run only stops a hang (the
        // child is then killed, and the status and message below fail); how
        // long the command took is not asserted, since a loaded machine may
        // stretch it many times over.
        let silent = try FaultServer(.silent)
        let result = try publish([template, "s3://b-1/cf/", "--endpoint-url", silent.endpoint, "--timeout", "1"], timeout: 300)
        #expect(result.status == 1, "the command did not end by itself (status \(result.status)): \(result.stderr)")
        #expect(result.stderr.contains("the 1 s deadline (--timeout) passed"), "\(result.stderr)")
    }

    @Test func badDestinationsAreUsageErrors() throws {
        for destination in ["https://bucket/x/", "s3://", "s3://b/a//c/"] {
            let result = try publish([template, destination, "--endpoint-url", moto.endpoint])
            #expect(result.status == 2, "\(destination): \(result.stderr)")
        }
        let badVersion = try publish([template, "s3://b-1/cf/latest/", "--release-version", "", "--endpoint-url", moto.endpoint])
        #expect(badVersion.status == 2)
    }
}
