/// A monotonic clock: how much time has passed since some fixed origin.
/// The deadline logic reads time only through one, so tests can drive it
/// by hand instead of waiting.
public struct MonotonicClock: Sendable {
    /// The time since the clock's origin; never goes backwards.
    public let now: @Sendable () -> Duration

    /// A clock that reads `now`.
    public init(now: @escaping @Sendable () -> Duration) {
        self.now = now
    }

    private static let origin = ContinuousClock.now

    /// The system's continuous clock.
    public static let system = MonotonicClock { ContinuousClock.now - MonotonicClock.origin }
}

/// A total time limit for a piece of work that may take several attempts:
/// every attempt, every wait between attempts and every time-out of an
/// attempt is held inside it.
public struct Deadline: Sendable, CustomStringConvertible {
    /// The whole time allowed.
    public let limit: Duration
    /// Where time is read.
    public let clock: MonotonicClock
    private let start: Duration

    /// A deadline `limit` from now on `clock`.
    public init(after limit: Duration, clock: MonotonicClock = .system) {
        self.limit = limit
        self.clock = clock
        start = clock.now()
    }

    /// Time used since the deadline was set.
    public var elapsed: Duration { clock.now() - start }

    /// Time left; zero once the deadline has passed.
    public var remaining: Duration {
        let left = limit - elapsed
        return left > .zero ? left : .zero
    }

    /// Whether no time is left.
    public var hasPassed: Bool { remaining == .zero }

    /// `timeout` clipped to the time left.
    public func clipped(_ timeout: Duration) -> Duration { min(timeout, remaining) }

    /// `300 s`, `1.5 s`: the limit as messages show it.
    public var description: String { Self.format(limit) }

    /// A duration in seconds, as short as it can be said.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        var text = String(Double(milliseconds) / 1000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + " s"
    }
}
