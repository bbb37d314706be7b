import Foundation

/// A real S3-compatible server for the publish tests: `moto_server` on a
/// free loopback port with signature checking on.
///
/// Moto skips authentication for the first `INITIAL_NO_AUTH_ACTION_COUNT`
/// requests and checks every later one. The start-up uses exactly those
/// requests to create an IAM user with an `s3:*` policy and an access key;
/// from then on a request signed with any other secret gets
/// `SignatureDoesNotMatch`. The user may also `sts:AssumeRole` the role
/// ``roleARN``, whose policy allows `s3:*`, so temporary credentials (with
/// their session token checked) work for S3 too. One server serves the
/// whole test process (tests use buckets of their own); it stops when the
/// process ends. ``unchecked()`` is a second server with checking off, for
/// the calls moto cannot check (`AssumeRoleWithWebIdentity`, which is unsigned).
public final class MotoServer: @unchecked Sendable {
    /// The number of unauthenticated requests the start-up makes.
    static let bootstrapActions = 5
    public let process: ServerProcess
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    public let accessKeyID: String
    public let secretAccessKey: String
    public let region = "us-east-1"
    /// Whether signatures are checked.
    public let checksSignatures: Bool
    /// A role the test user may assume; it may do `s3:*`.
    public let roleARN = "arn:aws:iam::123456789012:role/tplpatch-publisher"

    /// The server of this test process, started on first use; a failure to
    /// start is thrown to every test that asks.
    public static func shared() throws -> MotoServer {
        try sharedResult.get()
    }

    /// A second server with signature checking off.
    public static func unchecked() throws -> MotoServer {
        try uncheckedResult.get()
    }

    private static let sharedResult: Result<MotoServer, any Error> = Result { try MotoServer(checked: true) }
    private static let uncheckedResult: Result<MotoServer, any Error> = Result { try MotoServer(checked: false) }

    private init(checked: Bool) throws {
        checksSignatures = checked
        let port = try Loopback.freePort()
        let wrapper = ServerProcess.watchdogPython + """
            import shutil, subprocess
            exe = shutil.which("moto_server")
            if exe is None:
                sys.stderr.write("moto_server is not on PATH (pip install 'moto[server]')\\n")
                sys.exit(2)
            child = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", sys.argv[1]])
            _watch_stdin(on_exit=child.terminate)
            sys.exit(child.wait())
            """
        process = try ServerProcess(
            name: "moto_server", script: wrapper, arguments: [String(port)], port: port,
            environment: checked ? [
                "INITIAL_NO_AUTH_ACTION_COUNT": String(MotoServer.bootstrapActions),
            ] : [:])
        endpoint = "http://127.0.0.1:\(port)"
        let bootstrap = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                               aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
            iam.create_user(UserName="tplpatch-tests")
            iam.put_user_policy(UserName="tplpatch-tests", PolicyName="s3-all", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:AssumeRole"], "Resource": "*"}]}))
            key = iam.create_access_key(UserName="tplpatch-tests")["AccessKey"]
            iam.create_role(RoleName="tplpatch-publisher", AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/tplpatch-tests"},
                               "Action": "sts:AssumeRole"}]}))
            iam.put_role_policy(RoleName="tplpatch-publisher", PolicyName="s3-all", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
            print(key["AccessKeyId"])
            print(key["SecretAccessKey"])
            """
        let output: String
        do {
            output = try runPython(bootstrap, [endpoint])
        } catch {
            throw LocalServerError("creating the IAM user on moto_server failed: \(error)\n\(process.log(tail: 40))")
        }
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 2 else { throw LocalServerError("unexpected bootstrap output: \(output)") }
        accessKeyID = lines[0]
        secretAccessKey = lines[1]
    }

    /// The environment for a boto3 script or a `tplpatch` run against this
    /// server with the test user's keys (no profile files, no other region).
    public func environment(secret: String? = nil, home: String = NSTemporaryDirectory()) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secret ?? secretAccessKey,
            "AWS_SESSION_TOKEN": "",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_PROFILE": "",
            "AWS_SHARED_CREDENTIALS_FILE": home + "/no-such-credentials",
            "AWS_CONFIG_FILE": home + "/no-such-config",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ROLE_ARN": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_ROLE_SESSION_NAME": "",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "",
            "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": "", "AWS_ENDPOINT_URL_STS": "", "AWS_ENDPOINT_URL_SSO": "",
            "HOME": home,
        ]
    }

    /// The environment of ``environment(secret:home:)`` without any credentials:
    /// for runs whose credentials come from another provider.
    public func environmentWithoutKeys(home: String = NSTemporaryDirectory()) -> [String: String] {
        var env = environment(home: home)
        env["AWS_ACCESS_KEY_ID"] = ""
        env["AWS_SECRET_ACCESS_KEY"] = ""
        return env
    }

    /// Temporary credentials for ``roleARN`` from this server's STS
    /// (`AssumeRole` signed with the test user's keys, by boto3).
    public func assumeRole(sessionName: String = "tplpatch-tests") throws -> (accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: String) {
        let output = try runPython("""
            import boto3, sys
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1",
                               aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            c = sts.assume_role(RoleArn=sys.argv[4], RoleSessionName=sys.argv[5])["Credentials"]
            print(c["AccessKeyId"]); print(c["SecretAccessKey"]); print(c["SessionToken"])
            print(c["Expiration"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            """, [endpoint, accessKeyID, secretAccessKey, roleARN, sessionName])
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 4 else { throw LocalServerError("unexpected assume_role output: \(output)") }
        return (lines[0], lines[1], lines[2], lines[3])
    }

    /// Runs a boto3 script with `s3` (a client for this server, path-style)
    /// defined and `sys.argv[1:]` = `arguments`; returns its standard output.
    public func boto3(_ body: String, _ arguments: [String] = []) throws -> String {
        let script = """
            import boto3, botocore, sys, base64, hashlib, json
            s3 = boto3.client("s3", endpoint_url=\(pythonString(endpoint)), region_name=\(pythonString(region)),
                              aws_access_key_id=\(pythonString(accessKeyID)),
                              aws_secret_access_key=\(pythonString(secretAccessKey)),
                              config=botocore.config.Config(s3={"addressing_style": "path"}))

            """ + body
        return try runPython(script, arguments)
    }

    /// Creates `bucket`.
    public func createBucket(_ bucket: String) throws {
        _ = try boto3("s3.create_bucket(Bucket=sys.argv[1])", [bucket])
    }

    /// The bytes of `bucket`/`key`, read with boto3, or nil when there is no such object.
    public func object(_ bucket: String, _ key: String) throws -> [UInt8]? {
        let output = try boto3("""
            try:
                body = s3.get_object(Bucket=sys.argv[1], Key=sys.argv[2])["Body"].read()
                print(base64.b64encode(body).decode())
            except s3.exceptions.NoSuchKey:
                print("-")
            """, [bucket, key])
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if text == "-" { return nil }
        guard let data = Data(base64Encoded: text) else { throw LocalServerError("bad base64 from boto3: \(text)") }
        return Array(data)
    }

    /// Every key in `bucket`, sorted.
    public func keys(_ bucket: String) throws -> [String] {
        let output = try boto3("""
            for item in s3.list_objects_v2(Bucket=sys.argv[1]).get("Contents", []):
                print(item["Key"])
            """, [bucket])
        return output.split(separator: "\n").map(String.init).sorted()
    }

    /// The headers boto3 reads for `bucket`/`key` (`ContentType`, `ETag`, `CacheControl`...).
    public func head(_ bucket: String, _ key: String) throws -> [String: String] {
        let output = try boto3("""
            h = s3.head_object(Bucket=sys.argv[1], Key=sys.argv[2])
            print(json.dumps({k: str(v) for k, v in h.items() if k != "ResponseMetadata"}))
            """, [bucket, key])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String] else {
            throw LocalServerError("bad head_object output: \(output)")
        }
        return object
    }

    /// A bucket name no other test uses: `prefix-<random>`.
    public static func uniqueBucket(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// `text` as a Python string literal.
func pythonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        default:
            if scalar.value < 0x20 || scalar.value > 0x7E {
                out += String(format: "\\U%08x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
