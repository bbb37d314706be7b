import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

    /// The executable `name` in a folder of this process's `PATH`; throws
    /// `missing` when there is none, so a test that needs the program fails
    /// without it (never skips).
    public static func onPath(_ name: String, missing: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SpawnedChildError(missing)
    }

    /// Runs `executable` with `arguments` (in `directory`, with `environment`
    /// added to this process's), standard input empty. Both output pipes are
    /// drained at once, so neither can fill and stall the child; after
    /// `timeout` seconds the child is terminated, so a test cannot hang.
    /// (Started with `posix_spawn`, not Foundation's `Process`: see `SpawnedChild`.)
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 300
    ) throws -> Result {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let out = try SpawnedChild.pipe()
        let err: (read: Int32, write: Int32)
        do { err = try SpawnedChild.pipe() } catch {
            close(out.read)
            close(out.write)
            throw error
        }
        let child: SpawnedChild
        do {
            child = try SpawnedChild(
                executable.path, arguments, in: directory, environment: merged,
                stdout: .descriptor(out.write), stderr: .descriptor(err.write))
        } catch {
            for fd in [out.read, out.write, err.read, err.write] { close(fd) }
            throw error
        }
        close(out.write)
        close(err.write)
        let killer = DispatchWorkItem { if child.isRunning { child.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let errors = DrainedPipe(FileHandle(fileDescriptor: err.read, closeOnDealloc: true))
        let stdout = FileHandle(fileDescriptor: out.read, closeOnDealloc: true).readDataToEndOfFile()
        let stderr = errors.wait()
        child.waitUntilExit()
        killer.cancel()
        return Result(status: child.terminationStatus, stdout: stdout, stderr: stderr)
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
