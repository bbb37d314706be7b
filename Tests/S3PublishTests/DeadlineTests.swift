import Foundation
import S3Publish
import TestSupport
import Testing

/// A clock the test moves by hand: the deadline logic reads only this, so
/// what it decides does not depend on how fast the machine is.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var reading: Duration = .zero

    var clock: MonotonicClock { MonotonicClock { [self] in read() } }

    func read() -> Duration {
        lock.lock()
        defer { lock.unlock() }
        return reading
    }

    func advance(by amount: Duration) {
        lock.lock()
        reading += amount
        lock.unlock()
    }
}

/// The real transport with a layer that records each attempt's time limit
/// and then moves the test's clock on by `cost`, as if the attempt had
/// taken that long. The bytes still go over a real socket to the server.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    let clock: ManualClock
    let cost: Duration
    private let lock = NSLock()
    private var recorded: [Duration?] = []

    init(_ inner: any HTTPTransport, clock: ManualClock, cost: Duration) {
        self.inner = inner
        self.clock = clock
        self.cost = cost
    }

    var limits: [Duration?] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func send(_ request: HTTPRequestData, timeLimit: Duration?) async throws(TransportError) -> HTTPResponseData {
        record(timeLimit)
        defer { clock.advance(by: cost) }
        return try await inner.send(request, timeLimit: timeLimit)
    }

    private func record(_ limit: Duration?) {
        lock.lock()
        recorded.append(limit)
        lock.unlock()
    }

    func shutdown() async { await inner.shutdown() }
}

/// Keeps the recording layer `withClient` built.
final class Holder: @unchecked Sendable {
    var layer: RecordingTransport?
}

/// The total deadline: held however many attempts are made, each attempt's
/// limit clipped to the time left, no wait begun that would end past it.
///
/// The deadline runs on a ``ManualClock`` moved only by the injected sleep
/// (and the recording transport), so the number of attempts is exact on any
/// machine. The fake durations are hundreds of seconds so that the real
/// time limit each attempt is also given (the time left, read from the
/// fake clock) is far above what a loopback request needs: it only stops a
/// hang.
@Suite struct DeadlineTests {
    @Test func theClockDrivesRemainingAndClipping() {
        let manual = ManualClock()
        let deadline = Deadline(after: .seconds(10), clock: manual.clock)
        #expect(deadline.remaining == .seconds(10))
        #expect(deadline.clipped(.seconds(30)) == .seconds(10))
        manual.advance(by: .seconds(7))
        #expect(deadline.remaining == .seconds(3))
        #expect(deadline.clipped(.seconds(1)) == .seconds(1))
        #expect(!deadline.hasPassed)
        manual.advance(by: .seconds(5))
        #expect(deadline.remaining == .zero)
        #expect(deadline.hasPassed)
        #expect(Deadline.format(.milliseconds(1500)) == "1.5 s")
        #expect(Deadline.format(.seconds(300)) == "300 s")
    }

    @Test func theDeadlineBoundsAttemptsWhateverTheAttemptLimit() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 503, code: "SlowDown", times: 1000, to: moto.endpoint))
        let manual = ManualClock()
        let waits = Waits()
        // Every wait is exactly 100 s (jitter fixed at its top); 1000 attempts allowed.
        let policy = RetryPolicy(maxAttempts: 1000, baseDelay: .seconds(100), maxDelay: .seconds(100))
        let deadline = Deadline(after: .seconds(1000), clock: manual.clock)
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: fault.endpoint, retry: policy,
                sleep: { @Sendable wait in
                    await waits.record(wait)
                    manual.advance(by: wait)
                },
                deadline: deadline, random: { 1.0 }
            ) { client in
                try await client.putObject(PutObject(bucket: "b-1", key: "k", body: [1], contentType: "application/json"))
            }
        }
        // Attempt n starts at (n - 1) * 100 s; after the 10th, 100 s are left
        // and a 100 s wait would end at the deadline, so it is not begun.
        guard case .deadlineExceeded(_, _, let limit, let attempts, let last) = error else {
            Issue.record("expected the deadline, got \(String(describing: error))")
            return
        }
        #expect(limit == .seconds(1000))
        #expect(attempts == 10)
        #expect(last?.contains("SlowDown") == true, "\(String(describing: last))")
        #expect(fault.requests().count == 10, "\(fault.requests())")
        let recorded = await waits.all
        #expect(recorded == Array(repeating: .seconds(100), count: 9))
    }

    @Test func eachAttemptIsGivenOnlyTheTimeLeft() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 500, code: "InternalError", times: 1000, to: moto.endpoint))
        let manual = ManualClock()
        let recorder = Holder()
        let policy = RetryPolicy(maxAttempts: 1000, baseDelay: .seconds(100), maxDelay: .seconds(100))
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: fault.endpoint, retry: policy,
                sleep: { @Sendable wait in manual.advance(by: wait) },
                deadline: Deadline(after: .seconds(1000), clock: manual.clock), random: { 1.0 },
                wrap: { inner in
                    let layer = RecordingTransport(inner, clock: manual, cost: .seconds(250))
                    recorder.layer = layer
                    return layer
                }
            ) { client in
                try await client.putObject(PutObject(bucket: "b-1", key: "k", body: [1], contentType: "application/json"))
            }
        }
        // 1000 s; the attempt costs 250 and the wait 100: 650 left; then 300;
        // then 50, which a 100 s wait would overrun.
        #expect(recorder.layer?.limits == [.seconds(1000), .seconds(650), .seconds(300)])
        guard case .deadlineExceeded(_, _, _, let attempts, _) = error else {
            Issue.record("expected the deadline, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
    }

    @Test func aDeadlineAlreadyPassedSendsNothing() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 500, code: "InternalError", times: 0, to: moto.endpoint))
        let manual = ManualClock()
        let deadline = Deadline(after: .seconds(5), clock: manual.clock)
        manual.advance(by: .seconds(5))
        let error = await #expect(throws: S3Error.self) {
            try await withClient(endpoint: fault.endpoint, deadline: deadline) { client in
                _ = try await client.headObject(bucket: "b-1", key: "k")
            }
        }
        guard case .deadlineExceeded(_, _, _, let attempts, let last) = error else {
            Issue.record("expected the deadline, got \(String(describing: error))")
            return
        }
        #expect(attempts == 0)
        #expect(last == nil)
        #expect(fault.requests().isEmpty)
    }

    @Test func aDeadlineWithTimeLeftChangesNothing() async throws {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("deadline")
        try moto.createBucket(bucket)
        let manual = ManualClock()
        let put = PutObject(bucket: bucket, key: "t.json", body: awkwardBytes, contentType: "application/json")
        _ = try await withClient(endpoint: moto.endpoint, deadline: Deadline(after: .seconds(3600), clock: manual.clock)) { client in
            try await client.putObject(put)
        }
        #expect(try moto.object(bucket, "t.json") == awkwardBytes)
    }
}
