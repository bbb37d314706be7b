import Foundation
import Synchronization

/// Runs another program to completion for a test: the built `tplpatch`, or
/// `python3` as a reference.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Starts `process`, one start at a time in this test process.
    ///
    /// Foundation's `Process.run()` on Linux is not safe to call from several
    /// threads at once: with the suite's tests running in parallel it crashed
    /// the test process in a `memcpy` inside `Process.run()` (seen in a full
    /// run: a bad pointer dereference, from HostileInputMatrixTests). Only
    /// the start is serialised; the children still run side by side.
    public static func launch(_ process: Process) throws {
        try starting.withLock { _ in try process.run() }
    }

    private static let starting = Mutex(())

    /// Runs `executable` with `arguments` (in `directory`, with `environment`
    /// added to this process's), standard input empty. Both output pipes are
    /// drained at once, so neither can fill and stall the child; after
    /// `timeout` seconds the child is terminated, so a test cannot hang.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 300
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value }
            process.environment = merged
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try launch(process)
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let errors = DrainedPipe(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        killer.cancel()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// `python3 -c script arguments...`; its standard output, or an error
    /// carrying its standard error when it fails.
    public static func python(
        _ script: String, _ arguments: [String] = [], environment: [String: String] = [:], timeout: TimeInterval = 300
    ) throws -> String {
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments, environment: environment, timeout: timeout)
        guard result.status == 0 else {
            throw Failure(description: "python3 failed (status \(result.status)):\n\(result.stderrText)")
        }
        return result.stdoutText
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class DrainedPipe: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// The pipe's bytes, once the writer has closed it.
    func wait() -> Data {
        done.wait()
        return data
    }
}
