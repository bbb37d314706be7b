import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A failure to start or talk to a local test server. Tests that need the
/// server fail with it; they never skip.
public struct LocalServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Loopback ports and child processes for the tests that need a server.
public enum Loopback {
    /// A TCP port on 127.0.0.1 that nothing listens on right now (the
    /// kernel's pick for port 0).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalServerError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LocalServerError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LocalServerError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}

/// A child process that serves on a loopback port and dies with the test
/// process: its standard input is a pipe this process holds, and the
/// child's watchdog exits when that pipe closes (also on a crash), so no
/// server outlives the tests.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    public let logURL: URL
    private let process: SpawnedChild
    /// The write end of the child's standard input; closing it stops the child.
    private let stdinWriter: Mutex<Int32>

    /// Starts `python3 -c script arguments...` (the script must watch its
    /// standard input, see ``ServerProcess/watchdogPython``) and waits up to
    /// `startTimeout` seconds for the port to accept connections.
    public init(
        name: String, script: String, arguments: [String], port: Int, environment: [String: String] = [:],
        startTimeout: TimeInterval = 30
    ) throws {
        self.port = port
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("tplpatch-\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        self.logURL = logURL
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let stdinPipe = try SpawnedChild.pipe()
        let logFD: Int32
        do { logFD = try SpawnedChild.appending(to: logURL.path) } catch {
            close(stdinPipe.read)
            close(stdinPipe.write)
            throw error
        }
        defer {
            close(logFD)
            close(stdinPipe.read)
        }
        do {
            process = try SpawnedChild(
                "/usr/bin/env", ["python3", "-c", script] + arguments, environment: env,
                stdin: .descriptor(stdinPipe.read), stdout: .descriptor(logFD), stderr: .descriptor(logFD))
        } catch {
            close(stdinPipe.write)
            throw error
        }
        stdinWriter = Mutex(stdinPipe.write)
        let deadline = Date().addingTimeInterval(startTimeout)
        while !Loopback.isListening(port: port) {
            guard process.isRunning else {
                throw LocalServerError("\(name) exited with status \(process.terminationStatus) before listening on port \(port):\n\(log(tail: 40))")
            }
            guard Date() < deadline else {
                stop()
                throw LocalServerError("\(name) did not listen on port \(port) within \(Int(startTimeout)) s:\n\(log(tail: 40))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit { stop() }

    /// The last `lines` lines the server printed.
    public func log(tail lines: Int) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Stops the server (closing its standard input; then SIGTERM).
    public func stop() {
        stdinWriter.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
        if process.isRunning { process.terminate() }
    }

    /// Python that exits the whole process when standard input closes;
    /// `on_exit` runs first. Prepend it to a server script.
    public static let watchdogPython = """
        import os, signal, sys, threading
        # The test process may spawn with signals blocked; unblock them so
        # that this server and its children can be stopped with SIGTERM.
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        def _watch_stdin(on_exit=None):
            def run():
                try:
                    while sys.stdin.buffer.read(1):
                        pass
                finally:
                    if on_exit:
                        try:
                            on_exit()
                        except Exception:
                            pass
                    os._exit(0)
            threading.Thread(target=run, daemon=True).start()

        """
}

/// Runs `python3 -c script arguments...` to completion (at most `timeout`
/// seconds) and returns its standard output; throws with its standard
/// error when it fails.
public func runPython(
    _ script: String, _ arguments: [String] = [], environment: [String: String] = [:], timeout: TimeInterval = 60
) throws -> String {
    try Subprocess.python(script, arguments, environment: environment, timeout: timeout)
}
