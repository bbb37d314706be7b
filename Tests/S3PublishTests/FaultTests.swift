import Foundation
import S3Publish
import TestSupport
import Testing

/// Retries and timeouts, against a fault-injecting server of the tests' own
/// that answers badly a few times and then forwards to moto_server.
///
/// No test here measures time. The fault server logs each request before
/// it answers, so counting requests right after a call is exact; the waits
/// between attempts go through the client's injectable `sleep`, which
/// records them; a timeout is proved by the error it ends with, and a time
/// limit only stops a hang.
@Suite struct FaultTests {
    func bucketWithObjectPut(
        through fault: FaultServer, retry: RetryPolicy, waits: Waits? = nil
    ) async throws -> (String, PutObject) {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("fault")
        try moto.createBucket(bucket)
        let put = PutObject(bucket: bucket, key: "cf/latest/t.json", body: awkwardBytes, contentType: "application/json")
        var sleep: (@Sendable (Duration) async -> Void)?
        if let waits {
            sleep = { @Sendable wait in await waits.record(wait) }
        }
        _ = try await withClient(endpoint: fault.endpoint, retry: retry, sleep: sleep) { client in try await client.putObject(put) }
        return (bucket, put)
    }

    @Test func serviceUnavailableTwiceThenSuccess() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 503, code: "ServiceUnavailable", times: 2, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        let statuses = fault.requests().map { $0.split(separator: " ").last.map(String.init) ?? "" }
        // PUT 503, PUT 503, PUT 200, then the HEAD that checks the ETag.
        #expect(statuses == ["503", "503", "200", "200"], "\(fault.requests())")
        #expect(fault.requests().prefix(3).allSatisfy { $0.hasPrefix("PUT ") })
    }

    @Test func slowDownIsRetried() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 503, code: "SlowDown", times: 1, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        #expect(fault.requests().count == 3)
    }

    @Test func resetConnectionsAreRetried() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.resetThenProxy(times: 2, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        #expect(fault.requests().filter { $0.hasSuffix(" reset") }.count == 2, "\(fault.requests())")
    }

    @Test func retriesAreBounded() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 500, code: "InternalError", times: 100, to: moto.endpoint))
        let waits = Waits()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(400), maxDelay: .seconds(5))
        let error = await #expect(throws: S3Error.self) {
            _ = try await bucketWithObjectPut(through: fault, retry: policy, waits: waits)
        }
        #expect(error?.serviceCode == "InternalError")
        #expect(error?.description.contains("request id FAULT3") == true, "\(String(describing: error))")
        // Exactly three PUTs, counted the moment the call returned.
        let requests = fault.requests()
        #expect(requests.count == 3, "\(requests)")
        #expect(requests.allSatisfy { $0.hasPrefix("PUT ") && $0.hasSuffix(" 500") }, "\(requests)")
        // Two waits between three attempts, each within its equal-jitter
        // band: half to all of 400 ms, then of 800 ms (the injected sleep
        // records them and returns at once).
        let recorded = await waits.all
        #expect(recorded.count == 2, "\(recorded)")
        if recorded.count == 2 {
            #expect((Duration.milliseconds(200)...Duration.milliseconds(400)).contains(recorded[0]), "\(recorded)")
            #expect((Duration.milliseconds(400)...Duration.milliseconds(800)).contains(recorded[1]), "\(recorded)")
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 403, code: "AccessDenied", times: 100, to: moto.endpoint))
        let error = await #expect(throws: S3Error.self) {
            _ = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10)))
        }
        #expect(error?.serviceCode == "AccessDenied")
        #expect(fault.requests().count == 1)
    }

    @Test func requestTimeoutIsRetried() async throws {
        // S3's own 400 when it waited too long for the request's bytes: the
        // one 4xx that is worth sending again.
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 400, code: "RequestTimeout", times: 2, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        let statuses = fault.requests().map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(statuses == ["400", "400", "200", "200"], "\(fault.requests())")
    }

    @Test func internalErrorOnceThenSuccess() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.failThenProxy(status: 500, code: "InternalError", times: 1, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        #expect(fault.requests().count == 3, "\(fault.requests())")
    }

    @Test func aResponseCutShortIsRetried() async throws {
        // 200 OK with a Content-Length of 1000 and 10 bytes, then the
        // connection closes: that must not pass for a stored object.
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.truncateThenProxy(times: 2, to: moto.endpoint))
        let (bucket, put) = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20)))
        #expect(try moto.object(bucket, put.key) == awkwardBytes)
        let requests = fault.requests()
        #expect(requests.filter { $0.hasSuffix(" truncated") }.count == 2, "\(requests)")
        #expect(requests.count == 4, "\(requests)")
    }

    @Test func aResponseCutShortEveryTimeNamesTheCause() async throws {
        let moto = try MotoServer.shared()
        let fault = try FaultServer(.truncateThenProxy(times: 100, to: moto.endpoint))
        let error = await #expect(throws: S3Error.self) {
            _ = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
        }
        guard case .transport(_, _, .connectionClosedEarly, let attempts) = error else {
            Issue.record("expected a cut-short response, got \(String(describing: error))")
            return
        }
        #expect(attempts == 2)
        #expect(error?.description.contains("closed before the whole response arrived") == true)
    }

    @Test func aResetDuringTheUploadIsRetried() async throws {
        // 3 MiB, so the client is still sending when the server, having
        // read 64 KiB, resets the connection.
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("midupload")
        try moto.createBucket(bucket)
        let fault = try FaultServer(.resetMidUploadThenProxy(times: 2, to: moto.endpoint))
        var generator = SplitMix64(state: 11)
        let body = (0..<(3 << 20)).map { _ in UInt8(generator.next(256)) }
        let put = PutObject(bucket: bucket, key: "cf/big.bin", body: body, contentType: "application/octet-stream")
        _ = try await withClient(endpoint: fault.endpoint, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20))) { client in
            try await client.putObject(put)
        }
        #expect(try moto.object(bucket, put.key) == body)
        let requests = fault.requests()
        #expect(requests.filter { $0.hasSuffix(" reset-mid-upload") }.count == 2, "\(requests)")
        #expect(requests.count == 4, "\(requests)")
    }

    // The silent server would hold the call forever; what ends it is the
    // 1 s deadline, proved by the error the call ends with. The connect and
    // read timeouts (60 s, 120 s) are far above it, so nothing else can end
    // the call first. How long it takes in wall time depends on the
    // machine's load and is not asserted: the 30-minute limit only stops a
    // hang. No moto_server here, so its start-up is not waited for.
    @Test(.timeLimit(.minutes(30))) func aServerThatNeverAnswersEndsWithTheDeadline() async throws {
        let silent = try FaultServer(.silent)
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: silent.endpoint, retry: RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(10)),
                offlineKeys: true, deadline: Deadline(after: .seconds(1))
            ) { client in
                try await client.putObject(PutObject(bucket: "b-1", key: "k", body: [1], contentType: "application/json"))
            }
        }
        guard case .deadlineExceeded(let method, _, let limit, let attempts, let last) = error else {
            Issue.record("expected the deadline, got \(String(describing: error))")
            return
        }
        // The one attempt was given all the time there was, so it ends the call.
        #expect(method == "PUT")
        #expect(limit == .seconds(1))
        #expect(attempts == 1)
        #expect(last?.contains("no complete response within") == true, "\(String(describing: last))")
        #expect(error?.description.contains("the 1 s deadline (--timeout) passed after 1 attempt") == true, "\(String(describing: error))")
    }

    @Test(.timeLimit(.minutes(30))) func nothingListeningIsACleanError() async throws {
        let port = try Loopback.freePort()
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: "http://127.0.0.1:\(port)", timeouts: HTTPTimeouts(connect: .seconds(1), read: .seconds(1)),
                offlineKeys: true
            ) { client in
                _ = try await client.headObject(bucket: "b-1", key: "k")
            }
        }
        guard case .transport = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
    }
}

/// The waits a client asked for between attempts, in order.
actor Waits {
    private(set) var all: [Duration] = []
    func record(_ wait: Duration) { all.append(wait) }
}
