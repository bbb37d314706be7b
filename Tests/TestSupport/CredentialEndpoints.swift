import Foundation

/// A loopback HTTP server that speaks the three credential protocols the
/// publish tests need, as AWS documents them, handing out one set of
/// credentials:
/// - the **container credentials endpoint** (ECS, EKS Pod Identity): `GET
///   <containerPath>`, answered only with `Authorization: <containerToken>`
///   when a token is configured (else 401), with `{"AccessKeyId",
///   "SecretAccessKey", "Token", "Expiration"}`;
/// - **IMDSv2**: `PUT /latest/api/token` with
///   `X-aws-ec2-metadata-token-ttl-seconds` gives a session token; `GET
///   /latest/meta-data/iam/security-credentials/` (the role's name) and
///   `.../<role>` (the credentials, `"Code": "Success"`) need
///   `X-aws-ec2-metadata-token: <that token>`, else 401; a `GET` of the
///   token path is 405;
/// - the **SSO portal**'s `GetRoleCredentials`: `GET
///   /federation/credentials?account_id=&role_name=` with
///   `x-amz-sso_bearer_token: <ssoBearer>` (else 401; another account or
///   role 403), answered `{"roleCredentials": {accessKeyId, secretAccessKey,
///   sessionToken, expiration (epoch milliseconds)}}`.
///
/// Every request is logged as `METHOD PATH STATUS` before it is answered.
public final class CredentialEndpoints: @unchecked Sendable {
    public struct Credentials: Sendable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String
        /// ISO 8601, such as `2099-01-01T00:00:00Z`.
        public var expiration: String

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: String) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
            self.expiration = expiration
        }
    }

    public let server: ServerProcess
    public let requestLog: URL
    public let configFile: URL
    /// `http://127.0.0.1:PORT`
    public var endpoint: String { "http://127.0.0.1:\(server.port)" }

    public init(
        credentials: Credentials, containerPath: String = "/v2/credentials/task", containerToken: String? = nil,
        role: String = "tplpatch-instance-role", ssoBearer: String = "", ssoAccount: String = "", ssoRole: String = ""
    ) throws {
        let port = try Loopback.freePort()
        let id = UUID().uuidString
        requestLog = FileManager.default.temporaryDirectory.appendingPathComponent("tplpatch-credendpoints-\(id).log")
        configFile = FileManager.default.temporaryDirectory.appendingPathComponent("tplpatch-credendpoints-\(id).json")
        _ = FileManager.default.createFile(atPath: requestLog.path, contents: nil)
        let config: [String: Any] = [
            "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
            "Token": credentials.sessionToken, "Expiration": credentials.expiration,
            "container_path": containerPath, "container_token": containerToken ?? NSNull(), "role": role,
            "sso_bearer": ssoBearer, "sso_account": ssoAccount, "sso_role": ssoRole,
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: configFile)
        server = try ServerProcess(
            name: "credential-endpoints", script: ServerProcess.watchdogPython + Self.script,
            arguments: [String(port), requestLog.path, configFile.path], port: port, startTimeout: 15)
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: requestLog)
        try? FileManager.default.removeItem(at: configFile)
    }

    /// The requests seen so far, `METHOD PATH STATUS`.
    public func requests() -> [String] {
        let text = (try? String(contentsOf: requestLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    static let script = """
        import json, calendar, time, uuid, urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        port, log_path, config_path = sys.argv[1:4]
        config = json.load(open(config_path))
        lock = threading.Lock()
        imds_tokens = set()

        def log(line):
            with lock:
                with open(log_path, "a") as f:
                    f.write(line + "\\n")

        def creds_json():
            return {"AccessKeyId": config["AccessKeyId"], "SecretAccessKey": config["SecretAccessKey"],
                    "Token": config["Token"], "Expiration": config["Expiration"]}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass

            def answer(self, status, body=b"", content_type="application/json"):
                if isinstance(body, (dict, list)):
                    body = json.dumps(body).encode()
                elif isinstance(body, str):
                    body = body.encode()
                log("%s %s %d" % (self.command, self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def read_body(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)

            def do_PUT(self):
                self.read_body()
                if self.path == "/latest/api/token":
                    if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                        return self.answer(400, "missing X-aws-ec2-metadata-token-ttl-seconds", "text/plain")
                    token = "imds-" + uuid.uuid4().hex
                    with lock:
                        imds_tokens.add(token)
                    return self.answer(200, token, "text/plain")
                self.answer(404, "not found", "text/plain")

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                if url.path == config["container_path"]:
                    wanted = config["container_token"]
                    if wanted is not None and self.headers.get("Authorization") != wanted:
                        return self.answer(401, {"code": "Unauthorized", "message": "bad token"})
                    return self.answer(200, creds_json())
                if url.path == "/latest/api/token":
                    return self.answer(405, "", "text/plain")
                if url.path.startswith("/latest/meta-data/iam/security-credentials/"):
                    with lock:
                        ok = self.headers.get("X-aws-ec2-metadata-token") in imds_tokens
                    if not ok:
                        return self.answer(401, "", "text/plain")
                    rest = url.path[len("/latest/meta-data/iam/security-credentials/"):]
                    if rest == "":
                        return self.answer(200, config["role"], "text/plain")
                    if rest == config["role"]:
                        body = dict(creds_json(), Code="Success", Type="AWS-HMAC", LastUpdated="2026-01-01T00:00:00Z")
                        return self.answer(200, body)
                    return self.answer(404, "", "text/plain")
                if url.path == "/federation/credentials":
                    query = urllib.parse.parse_qs(url.query)
                    if not config["sso_bearer"] or self.headers.get("x-amz-sso_bearer_token") != config["sso_bearer"]:
                        return self.answer(401, {"message": "Session token not found or invalid"})
                    if query.get("account_id") != [config["sso_account"]] or query.get("role_name") != [config["sso_role"]]:
                        return self.answer(403, {"message": "No access"})
                    expires = calendar.timegm(time.strptime(config["Expiration"], "%Y-%m-%dT%H:%M:%SZ")) * 1000
                    return self.answer(200, {"roleCredentials": {
                        "accessKeyId": config["AccessKeyId"], "secretAccessKey": config["SecretAccessKey"],
                        "sessionToken": config["Token"], "expiration": expires}})
                self.answer(404, {"message": "not found"})

        server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
        _watch_stdin()
        server.serve_forever()
        """
}
