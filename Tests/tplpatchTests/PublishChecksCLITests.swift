import Foundation
import TestSupport
import Testing

/// `tplpatch publish`: the template checks before anything is sent, the
/// links printed after, `--json`, and the endpoint settings, end to end
/// against moto_server.
@Suite struct PublishChecksCLITests {
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

    func publish(_ arguments: [String], extra: [String: String] = [:], timeout: TimeInterval = 120) throws -> CLI.Result {
        var environment = moto.environment(home: scratch.path)
        for (key, value) in extra { environment[key] = value }
        return try CLI.run(["publish"] + arguments, in: root, environment: environment, timeout: timeout)
    }

    /// Every byte but A-Z a-z 0-9 - . _ ~ as %XX: how the link encodes the template URL.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    @Test func aFileWithoutResourcesIsRefusedAndNothingUploaded() throws {
        let bucket = MotoServer.uniqueBucket("noresources")
        try moto.createBucket(bucket)
        let file = try scratch.write("params.json", "{\n  \"Parameters\": {}\n}\n")
        let result = try publish([file, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(file):1:1: error: not a CloudFormation template: it has no top-level \"Resources\""), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was uploaded"))
        #expect(result.stdout.isEmpty)
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func aYAMLParseErrorNamesItsPositionAndNothingIsUploaded() throws {
        let bucket = MotoServer.uniqueBucket("badyaml")
        try moto.createBucket(bucket)
        let file = try scratch.write("t.yaml", "Resources:\n  B:\n    Type: [unclosed\n")
        let result = try publish([file, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint, "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(file):"), "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let errors = report?["errors"] as? [[String: Any]]
        #expect(report?["ok"] as? Bool == false)
        #expect(errors?.first?["file"] as? String == file)
        #expect(errors?.first?["line"] as? Int != nil)
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func aTemplateOverOneMegabyteIsRefused() throws {
        let bucket = MotoServer.uniqueBucket("toobig")
        try moto.createBucket(bucket)
        let head = "{\"Resources\": {}, \"Description\": \""
        let tail = "\"}\n"
        let text = head + String(repeating: "x", count: 1_048_577 - head.utf8.count - tail.utf8.count) + tail
        let file = try scratch.write("big.json", text)
        let result = try publish([file, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(file): error: the file is 1048577 bytes: CloudFormation reads a template of at most 1048576 bytes (1 MB) from an S3 URL"), "\(result.stderr)")
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func aTerraformFileIsNotATemplate() throws {
        let bucket = MotoServer.uniqueBucket("notcfn")
        try moto.createBucket(bucket)
        let file = try scratch.write("main.tf", "variable \"v\" {\n  default = \"1\"\n}\n")
        let result = try publish([file, "s3://\(bucket)/cf/", "--endpoint-url", moto.endpoint])
        #expect(result.status == 1)
        #expect(result.stderr.contains("CloudFormation reads JSON or YAML, and this file was read as hcl"), "\(result.stderr)")
        #expect(try moto.keys(bucket).isEmpty)
    }

    @Test func theJSONReportHasTheURLsAndQuickCreateLinks() throws {
        let bucket = MotoServer.uniqueBucket("json")
        try moto.createBucket(bucket)
        _ = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        let result = try publish([
            "deployments/aws/chroma.cf.json", "s3://\(bucket)/cloudformation/latest/", "--release-version", "1.2.3",
            "--endpoint-url", moto.endpoint, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["schema"] as? Int == 1)
        #expect(report["command"] as? String == "publish")
        #expect(report["dryRun"] as? Bool == false)
        #expect(report["region"] as? String == moto.region)
        let objects = try #require(report["objects"] as? [[String: Any]])
        #expect(objects.count == 2)
        let keys = ["cloudformation/1.2.3/chroma.cf.json", "cloudformation/latest/chroma.cf.json"]
        for (object, key) in zip(objects, keys) {
            let url = "\(moto.endpoint)/\(bucket)/\(key)"
            #expect(object["key"] as? String == key)
            #expect(object["url"] as? String == url)
            #expect(object["outcome"] as? String == "uploaded")
            let link = "https://console.aws.amazon.com/cloudformation/home?region=\(moto.region)#/stacks/quickcreate?templateURL="
                + Self.percentEncoded(url)
            #expect(object["quickCreateURL"] as? String == link)
            #expect(result.stderr.contains("  quick-create: \(link)\n"), "\(result.stderr)")
        }
        #expect(objects.first?["immutable"] as? Bool == true)
        #expect(objects.last?["immutable"] as? Bool == false)
        #expect(try moto.object(bucket, keys[1]) == Corpora.bytes(URL(fileURLWithPath: template)))
    }

    @Test func theS3EndpointCanComeFromTheEnvironment() throws {
        let bucket = MotoServer.uniqueBucket("envendpoint")
        try moto.createBucket(bucket)
        let result = try publish([template, "s3://\(bucket)/cf/"], extra: [
            "AWS_ENDPOINT_URL_S3": moto.endpoint, "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(moto.endpoint)/\(bucket)/cf/chroma.cf.json\n")
        #expect(try moto.keys(bucket) == ["cf/chroma.cf.json"])
    }

    @Test func theS3EndpointCanComeFromAServicesSection() throws {
        let bucket = MotoServer.uniqueBucket("svcendpoint")
        try moto.createBucket(bucket)
        let config = try scratch.write("aws-config", """
            [default]
            services = local-moto
            endpoint_url = http://127.0.0.1:1

            [services local-moto]
            s3 =
              endpoint_url = \(moto.endpoint)

            """)
        let result = try publish([template, "s3://\(bucket)/cf/"], extra: ["AWS_CONFIG_FILE": config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try moto.keys(bucket) == ["cf/chroma.cf.json"])
    }

    @Test func ignoringConfiguredEndpointsLeavesTheCommandLineAndAWS() throws {
        let environment = ["AWS_ENDPOINT_URL_S3": moto.endpoint, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]
        let ignored = try publish([template, "s3://b-1/cf/", "--dry-run"], extra: environment)
        #expect(ignored.status == 0, "\(ignored.stderr)")
        #expect(ignored.stdout.contains("PUT https://b-1.s3.\(moto.region).amazonaws.com/cf/chroma.cf.json\n"), "\(ignored.stdout)")
        let explicit = try publish([template, "s3://b-1/cf/", "--dry-run", "--endpoint-url", "http://127.0.0.1:9"], extra: environment)
        #expect(explicit.stdout.contains("PUT http://127.0.0.1:9/b-1/cf/chroma.cf.json\n"), "\(explicit.stdout)")
    }

    @Test func aBadEndpointSettingIsBadInputNotUsage() throws {
        let result = try publish([template, "s3://b-1/cf/", "--dry-run"], extra: ["AWS_ENDPOINT_URL": "localhost:9000"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("(from AWS_ENDPOINT_URL)"), "\(result.stderr)")
        let usage = try publish([template, "s3://b-1/cf/", "--dry-run", "--endpoint-url", "localhost:9000"])
        #expect(usage.status == 2, "\(usage.stderr)")
    }
}
