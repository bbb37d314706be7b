// One whole process, as a user runs it: spawned, waited for with wait4, and
// measured from outside (wall time around fork and wait; the child's peak
// resident set from wait4's rusage, which Linux reports in KB). The fork and
// wait4 happen in Benchmarks/measure (a tiny C program) when it was built:
// a child spawned from this big process would be charged its resident set.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct ChildResult {
    var seconds: Double
    /// Peak resident set of the child (and of any children it waited for), in KB.
    var peakRSSKB: Int
    var exitCode: Int32
    /// Set when the child was killed by a signal.
    var signal: Int32?
    var stderrText: String

    var succeeded: Bool { signal == nil && exitCode == 0 }

    var failureSummary: String {
        let how = signal.map { "killed by signal \($0)" } ?? "exit \(exitCode)"
        let tail = stderrText.split(separator: "\n").suffix(5).joined(separator: "\n    ")
        return tail.isEmpty ? how : "\(how):\n    \(tail)"
    }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case spawnFailed(String, Int32)
    case stopwatchFailed(String)
    var description: String {
        switch self {
        case .spawnFailed(let program, let errno): return "cannot start \(program): \(String(cString: strerror(errno)))"
        case .stopwatchFailed(let log): return "Benchmarks/measure did not report (see \(log))"
        }
    }
}

enum ChildProcess {
    /// The built Benchmarks/measure, when there is one (set once, at start).
    nonisolated(unsafe) static var stopwatch: String?

    /// Runs `arguments` (the first is looked up on PATH), standard output to
    /// `stdoutPath` (default /dev/null), standard error to `stderrPath`, in
    /// `directory` when given; `environment` entries override the inherited ones.
    static func run(
        _ arguments: [String], stdoutPath: String = "/dev/null", stderrPath: String,
        directory: String? = nil, environment: [String: String] = [:]
    ) throws -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        // posix_spawn_file_actions_addchdir_np is not exported to Swift: a
        // working directory goes through sh's cd (a millisecond, before exec).
        let arguments = directory.map { ["sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + arguments } ?? arguments
        let resultPath: String? = stopwatch == nil ? nil : stderrPath + ".measure"
        var command = arguments
        if let stopwatch, let resultPath { command = [stopwatch, resultPath] + arguments }
        let argv = command.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid: pid_t = 0
        let start = monotonicSeconds()
        let rc = posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        guard rc == 0 else { throw ChildProcessError.spawnFailed(command[0], rc) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        var seconds = monotonicSeconds() - start
        var peakRSSKB = Int(usage.ru_maxrss)
        if let resultPath {
            // The stopwatch's own figures for its child.
            let fields = ((try? String(contentsOfFile: resultPath, encoding: .utf8)) ?? "").split(separator: " ")
            try? FileManager.default.removeItem(atPath: resultPath)
            guard status == 0, fields.count == 3, let s = Double(fields[0]), let kb = Int(fields[1]),
                  let childStatus = Int32(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
            else { throw ChildProcessError.stopwatchFailed(stderrPath) }
            seconds = s
            peakRSSKB = kb
            status = childStatus
        }

        let signalled = status & 0x7f
        let stderrText = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return ChildResult(
            seconds: seconds, peakRSSKB: peakRSSKB, exitCode: (status >> 8) & 0xff,
            signal: signalled == 0 ? nil : signalled, stderrText: stderrText)
    }

    /// Whether `program` is an executable on PATH (or a path to one).
    static func find(_ program: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
