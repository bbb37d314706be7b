import Foundation

/// A small misbehaving HTTP server on a loopback port, for the retry and
/// timeout tests. Modes:
/// - `.failThenProxy(status:code:times:to:)`: answers the first `times`
///   requests with `status` and an S3 error document of `code`, then
///   forwards every request (headers, `Host` included, and body) to a real
///   server and relays its answer, so signatures still verify;
/// - `.resetThenProxy(times:to:)`: resets the first `times` connections
///   (TCP RST) after reading the request, then forwards;
/// - `.resetMidUploadThenProxy(times:to:)`: for the first `times`
///   requests, reads the head and at most 64 KiB of the body, then resets
///   the connection (TCP RST) while the client is still sending;
/// - `.truncateThenProxy(times:to:)`: answers the first `times` requests
///   `200 OK` with a `Content-Length` of 1000 and only 10 bytes of body,
///   then closes the connection;
/// - `.silent`: accepts connections and never answers.
///
/// Every request is logged as `METHOD PATH STATUS` to ``requests()``, and
/// the line is written (and the file closed) before the first byte of the
/// answer leaves, so once the client has an answer the log already holds
/// its request: a test may count the requests the moment its call returns,
/// with no sleep. (A reset connection is logged before the reset. In
/// `.silent` mode the `ACCEPT` line follows the kernel's accept and may
/// lag behind the client; no test counts it.)
public final class FaultServer: @unchecked Sendable {
    public enum Mode {
        case failThenProxy(status: Int, code: String, times: Int, to: String)
        case resetThenProxy(times: Int, to: String)
        case resetMidUploadThenProxy(times: Int, to: String)
        case truncateThenProxy(times: Int, to: String)
        case silent
    }

    public let server: ServerProcess
    public let requestLog: URL
    /// `http://127.0.0.1:PORT`
    public var endpoint: String { "http://127.0.0.1:\(server.port)" }

    public init(_ mode: Mode) throws {
        let port = try Loopback.freePort()
        requestLog = FileManager.default.temporaryDirectory.appendingPathComponent("tplpatch-fault-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: requestLog.path, contents: nil)
        let arguments: [String]
        switch mode {
        case .failThenProxy(let status, let code, let times, let target):
            arguments = [String(port), requestLog.path, "fail", String(status), code, String(times), target]
        case .resetThenProxy(let times, let target):
            arguments = [String(port), requestLog.path, "reset", "0", "-", String(times), target]
        case .resetMidUploadThenProxy(let times, let target):
            arguments = [String(port), requestLog.path, "reset-mid-upload", "0", "-", String(times), target]
        case .truncateThenProxy(let times, let target):
            arguments = [String(port), requestLog.path, "truncate", "0", "-", String(times), target]
        case .silent:
            arguments = [String(port), requestLog.path, "silent", "0", "-", "0", "-"]
        }
        server = try ServerProcess(
            name: "fault-server", script: ServerProcess.watchdogPython + FaultServer.script, arguments: arguments,
            port: port, startTimeout: 15)
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: requestLog)
    }

    /// The requests seen so far, `METHOD PATH STATUS` (`reset`,
    /// `reset-mid-upload` or `truncated` for an injected fault of that kind).
    public func requests() -> [String] {
        let text = (try? String(contentsOf: requestLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    static let script = """
        import http.client, socket, struct, time, urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        port, log_path, mode, status, code, times, target = sys.argv[1:8]
        status, times = int(status), int(times)
        lock = threading.Lock()
        state = {"faults": 0}

        def log(line):
            with lock:
                with open(log_path, "a") as f:
                    f.write(line + "\\n")

        def take_fault():
            with lock:
                if state["faults"] < times:
                    state["faults"] += 1
                    return True
                return False

        if mode == "silent":
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", int(port)))
            listener.listen(64)
            held = []
            _watch_stdin()
            deadline = time.time() + 3600
            while time.time() < deadline:
                listener.settimeout(1.0)
                try:
                    conn, _ = listener.accept()
                except socket.timeout:
                    continue
                held.append(conn)
                log("ACCEPT - silent")
            os._exit(0)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if mode == "reset-mid-upload" and take_fault():
                    if length:
                        self.rfile.read(min(length, 65536))
                    log("%s %s reset-mid-upload" % (self.command, self.path))
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                body = self.rfile.read(length) if length else b""
                if mode == "truncate" and take_fault():
                    log("%s %s truncated" % (self.command, self.path))
                    self.wfile.write(b"HTTP/1.1 200 OK\\r\\nContent-Type: application/xml\\r\\nContent-Length: 1000\\r\\n\\r\\n0123456789")
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_WR)
                    self.connection.close()
                    self.close_connection = True
                    return
                if mode in ("fail", "reset") and take_fault():
                    if mode == "reset":
                        log("%s %s reset" % (self.command, self.path))
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.connection.close()
                        self.close_connection = True
                        return
                    doc = ("<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>\\n<Error><Code>%s</Code>"
                           "<Message>Injected fault</Message><RequestId>FAULT%d</RequestId></Error>"
                           % (code, state["faults"])).encode()
                    log("%s %s %d" % (self.command, self.path, status))
                    self.send_response(status)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(doc)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(doc)
                    return
                parsed = urllib.parse.urlparse(target)
                upstream = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
                headers = {k: v for k, v in self.headers.items()}
                upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers.items():
                    upstream.putheader(k, v)
                upstream.endheaders(body if body else None)
                response = upstream.getresponse()
                data = response.read()
                upstream.close()
                log("%s %s %d" % (self.command, self.path, response.status))
                self.send_response(response.status)
                for k, v in response.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)) if self.command != "HEAD"
                                 else response.getheader("Content-Length", "0"))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = handle_any

        server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
        server.daemon_threads = True
        _watch_stdin()
        server.serve_forever()
        """
}
