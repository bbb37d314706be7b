#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// The signal that arrived while a `SignalGuard` was armed (0: none).
/// A lock-free atomic is the only thing the handler touches, which keeps
/// the handler async-signal-safe: no allocation, no lock, no Swift runtime.
private let pendingSignal = Atomic<Int32>(0)

/// Defers SIGINT, SIGTERM and SIGHUP while files are being written, so the
/// writer stops at a point of its choosing (with its temporary files
/// removed, or with every file renamed) instead of wherever the signal
/// lands; and ignores SIGXFSZ, so a file-size limit (`ulimit -f`) makes
/// `write` fail with EFBIG, which becomes an error naming the file.
///
/// Why a flag and not a handler that unlinks: the handler would have to
/// walk a registry that the writer changes at the same time, from any of
/// the process's threads; a flag polled between files is simpler to prove
/// and still answers within one file's write and fsync.
struct SignalGuard: ~Copyable {
    /// The signals a person or a supervisor sends to stop a program.
    static let deferred: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private var saved: [(Int32, sigaction)] = []
    private var savedMask = sigset_t()

    /// Installs the handlers; the previous dispositions come back on `disarm`.
    /// A signal that was ignored when the process started (`nohup`, a shell
    /// running a job in the background) stays ignored.
    init() {
        pendingSignal.store(0, ordering: .relaxed)
        for signal in Self.deferred {
            var previous = sigaction()
            sigaction(signal, nil, &previous)
            if Self.handlerAddress(previous) == Self.ignoreAddress { continue }
            var action = sigaction()
            Self.setHandler(&action, SignalGuard.record)
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
            saved.append((signal, previous))
        }
        // A parent may hand down a mask that blocks these signals (Foundation's
        // Process does): a SIGTERM would then wait forever, and a supervisor
        // would fall back to SIGKILL. While armed, this thread takes them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in Self.deferred { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, &savedMask)
        var previous = sigaction()
        var ignore = sigaction()
        Self.setHandler(&ignore, nil, ignore: true)
        sigaction(SIGXFSZ, &ignore, &previous)
        saved.append((SIGXFSZ, previous))
    }

    /// The signal received since arming, if any.
    var received: Int32? {
        let signal = pendingSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Puts back the dispositions found on arming.
    mutating func disarm() {
        restore()
        saved = []
    }

    deinit { restore() }

    private func restore() {
        guard !saved.isEmpty else { return }
        var mask = savedMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        for (signal, previous) in saved.reversed() {
            var action = previous
            sigaction(signal, &action, nil)
        }
    }

    /// The handler: records the first signal, nothing else.
    nonisolated(unsafe) private static let record: @convention(c) (Int32) -> Void = { signal in
        _ = pendingSignal.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    }

    private static let ignoreAddress = UInt(bitPattern: 1)  // SIG_IGN, which Swift does not import
    nonisolated(unsafe) private static let ignoreHandler = unsafeBitCast(ignoreAddress, to: (@convention(c) (Int32) -> Void).self)

    private static func handlerAddress(_ action: sigaction) -> UInt {
        #if canImport(Glibc)
            return unsafeBitCast(action.__sigaction_handler.sa_handler, to: UInt.self)
        #else
            return unsafeBitCast(action.__sigaction_u.__sa_handler, to: UInt.self)
        #endif
    }

    private static func setHandler(_ action: inout sigaction, _ handler: (@convention(c) (Int32) -> Void)?, ignore: Bool = false) {
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = ignore ? ignoreHandler : handler
        #else
            action.__sigaction_u.__sa_handler = ignore ? ignoreHandler : handler
        #endif
    }

    /// The name a person knows a signal by.
    static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }
}
