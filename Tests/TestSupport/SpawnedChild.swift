import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, for the tests.
///
/// The tests do not use Foundation's `Process`: on Linux its `run()` reads
/// `/proc/self/fd` to find the descriptors to close in the child, and copies
/// each directory entry's whole 256-byte name field although `readdir`'s
/// records are shorter; when a record ends a page of glibc's buffer and the
/// next page is unmapped, that copy faults. In the parallel suite (hundreds
/// of open descriptors) it crashed the test process in a `memcpy` inside
/// `Process.run()` about one full run in four (swift-corelibs-foundation
/// pull request 5472 fixes it upstream). Here the child closes every
/// descriptor from 3 up with `posix_spawn_file_actions_addclosefrom_np`, and
/// nothing reads `/proc`.
///
/// One thread per child waits for it (`waitpid` on its pid only), so
/// `isRunning`, `waitUntilExit()` and the termination handler agree, from
/// any thread.
public final class SpawnedChild: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream {
        /// `/dev/null`.
        case null
        /// This descriptor, duplicated onto the stream in the child.
        case descriptor(Int32)
    }

    public let processIdentifier: pid_t
    private let state = Mutex<(done: Bool, status: Int32, bySignal: Bool)>((false, 0, false))
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments` (not including argv[0]) in
    /// `directory`, with exactly `environment` (nil: this process's), and the
    /// three streams as given. `onExit` runs on the waiting thread when the
    /// child has ended.
    public init(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null,
        onExit: (@Sendable (SpawnedChild) -> Void)? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        guard let closeFrom = Spawn.addCloseFrom else {
            throw SpawnedChildError("posix_spawn_file_actions_addclosefrom_np is not in this C library (glibc 2.34 or later has it)")
        }
        _ = closeFrom(&actions, 3)
        if let directory {
            guard let chdir = Spawn.addChdir else {
                throw SpawnedChildError("posix_spawn_file_actions_addchdir_np is not in this C library (glibc 2.29 or later has it)")
            }
            let made = directory.withCString { chdir(&actions, $0) }
            guard made == 0 else { throw SpawnedChildError("cannot set the child's directory \(directory): \(String(cString: strerror(made)))") }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and default dispositions,
        // whatever the test process has set (the library's signal guard, say).
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [executable] + arguments
        let envStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = Spawn.withCStrings(argv) { args in
            Spawn.withCStrings(envStrings) { env in
                posix_spawn(&pid, executable, &actions, &attributes, args, env)
            }
        }
        guard spawned == 0 else {
            throw SpawnedChildError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        processIdentifier = pid
        let child = pid
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            let bySignal = status & 0x7F != 0
            let code = bySignal ? status & 0x7F : (status >> 8) & 0xFF
            state.withLock { $0 = (true, code, bySignal) }
            finished.signal()
            onExit?(self)
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Whether the child has not ended yet.
    public var isRunning: Bool { !state.withLock { $0.done } }

    /// The exit status, or the signal that ended it (see `endedBySignal`); 0 while it runs.
    public var terminationStatus: Int32 { state.withLock { $0.status } }

    /// Whether a signal ended the child.
    public var endedBySignal: Bool { state.withLock { $0.bySignal } }

    /// Blocks until the child has ended.
    public func waitUntilExit() {
        finished.wait()
        finished.signal()
    }

    /// Waits at most `seconds`; whether the child has ended.
    public func wait(seconds: TimeInterval) -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()
        return true
    }

    /// Sends `signal`, unless the child has already been waited for (its pid may be another's by then).
    public func send(_ signal: Int32) {
        state.withLock { if !$0.done { kill(processIdentifier, signal) } }
    }

    /// SIGTERM, as `Process.terminate()`.
    public func terminate() { send(SIGTERM) }

    /// A pipe whose two ends are close-on-exec (a child gets one end only
    /// through its `Stream.descriptor`): `(read, write)`.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let made: Int32
        if let pipe2 = Spawn.pipe2 {
            made = fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) }
        } else {
            made = Glibc.pipe(&fds)
            if made == 0 { for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } }
        }
        guard made == 0 else { throw SpawnedChildError("pipe: \(String(cString: strerror(errno)))") }
        return (fds[0], fds[1])
    }

    /// A descriptor open for appending to `path` (created if missing), close-on-exec.
    public static func appending(to path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpawnedChildError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return fd
    }
}

public struct SpawnedChildError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The GNU spawn extensions, which Swift's Glibc module does not export,
/// looked up by name.
private enum Spawn {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let pipe2: Pipe2? = symbol("pipe2")

    static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    /// Calls `body` with a NULL-terminated C array of `strings`.
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
