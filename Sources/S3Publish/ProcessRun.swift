import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program (found on `PATH`) with `posix_spawnp`, without a shell,
/// standard input empty, and collects its outputs, within a time limit.
/// S3Publish's own small copy of TemplatePatch's child runner: the modules
/// do not depend on each other.
enum ProcessRun {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    enum Failure: Error {
        /// The program could not be started (errno).
        case cannotStart(Int32)
        /// The time limit passed; the child was killed.
        case timedOut
    }

    /// Runs `arguments` (the program first) with `environment`; the child
    /// is killed when `limit` passes. Reads at most `maxBytes` of each output.
    static func run(
        _ arguments: [String], environment: [String: String], limit: Duration, maxBytes: Int = 1 << 20
    ) -> Swift.Result<Result, Failure> {
        guard !arguments.isEmpty else { return .failure(.cannotStart(ENOENT)) }
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { return .failure(.cannotStart(errno)) }
        guard pipe(&err) == 0 else {
            close(out[0])
            close(out[1])
            return .failure(.cannotStart(errno))
        }
        for descriptor in out + err { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") }
        envp.append(nil)
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // posix_spawnp searches the PATH of this process; the child's PATH is
        // the environment's, which is the same in a program.
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0])
            close(err[0])
            return .failure(.cannotStart(spawned))
        }
        let end = ContinuousClock.now + limit
        let (stdout, stderr, timedOut) = drain(out[0], err[0], until: end, maxBytes: maxBytes)
        close(out[0])
        close(err[0])
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failure(.cannotStart(errno)) }
        }
        if timedOut { return .failure(.timedOut) }
        let exited = (status & 0x7f) == 0
        return .success(Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: stdout, stderr: stderr))
    }

    /// Reads both descriptors to their ends (or `end`), so neither pipe can fill and stall the child.
    private static func drain(
        _ first: Int32, _ second: Int32, until end: ContinuousClock.Instant, maxBytes: Int
    ) -> ([UInt8], [UInt8], Bool) {
        var collected: [[UInt8]] = [[], []]
        var open = [true, true]
        let descriptors = [first, second]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while open[0] || open[1] {
            let left = end - ContinuousClock.now
            if left <= .zero { return (collected[0], collected[1], true) }
            let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            var polled = (0..<2).map { index in
                pollfd(fd: open[index] ? descriptors[index] : -1, events: Int16(POLLIN), revents: 0)
            }
            let ready = poll(&polled, 2, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where open[index] && polled[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    if collected[index].count < maxBytes {
                        collected[index].append(contentsOf: buffer[0..<min(count, maxBytes - collected[index].count)])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
        }
        return (collected[0], collected[1], false)
    }
}
