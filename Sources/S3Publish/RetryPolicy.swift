/// When and how long to wait before sending a request again.
///
/// Retried: HTTP 500, 502, 503 and 504 (S3's `InternalError`,
/// `ServiceUnavailable`, `SlowDown`), any response whose error code is
/// `SlowDown`, `InternalError` or `RequestTimeout` (S3's 400 when it gave up
/// waiting for the request's bytes), and the transport failures
/// ``TransportError/isRetryable`` names: a reset connection (also during
/// the upload), a response cut short, a connect or read time-out. Never
/// retried: other 4xx (the same request gets the same answer). All attempts
/// and waits together stay inside the caller's total ``Deadline``.
///
/// The wait before attempt `n + 1` is exponential with "equal jitter": half
/// of `min(maxDelay, baseDelay * 2^(n-1))`, plus a random part of up to the
/// other half, so concurrent clients spread out but every wait still grows.
public struct RetryPolicy: Hashable, Sendable {
    /// Attempts in all, the first included (at least 1).
    public var maxAttempts: Int
    /// The ceiling of the first wait.
    public var baseDelay: Duration
    /// The ceiling of any wait.
    public var maxDelay: Duration

    /// A policy; the default makes 4 attempts, waiting up to 0.2, 0.4 and 0.8 s.
    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// S3 error codes retried whatever the status.
    public static let retryableCodes: Set<String> = ["SlowDown", "InternalError", "RequestTimeout"]

    /// Whether a response with `status` and S3 error `code` is worth another attempt.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, retryableCodes.contains(code) { return true }
        return [500, 502, 503, 504].contains(status)
    }

    /// The wait after failed attempt `attempt` (1-based); `random` is in `0...1`.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = min(max(0, attempt - 1), 30)
        var ceiling = baseDelay * (1 << exponent)
        if ceiling > maxDelay { ceiling = maxDelay }
        let half = ceiling / 2
        return half + half * min(max(random, 0), 1)
    }
}
