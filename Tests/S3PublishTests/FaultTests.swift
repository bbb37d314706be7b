import Foundation
import S3Publish
import TestSupport
import Testing

/// Retries and timeouts, against a fault-injecting server of the tests' own
/// that answers badly a few times and then forwards to moto_server.
@Suite struct FaultTests {
    func bucketWithObjectPut(through fault: FaultServer, retry: RetryPolicy) async throws -> (String, PutObject) {
        let moto = try MotoServer.shared()
        let bucket = MotoServer.uniqueBucket("fault")
        try moto.createBucket(bucket)
        let put = PutObject(bucket: bucket, key: "cf/latest/t.json", body: awkwardBytes, contentType: "application/json")
        _ = try await withClient(endpoint: fault.endpoint, retry: retry) { client in try await client.putObject(put) }
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
        let error = await #expect(throws: S3Error.self) {
            _ = try await bucketWithObjectPut(through: fault, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)))
        }
        #expect(error?.serviceCode == "InternalError")
        #expect(error?.description.contains("request id FAULT3") == true, "\(String(describing: error))")
        #expect(fault.requests().count == 3)
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

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let silent = try FaultServer(.silent)
        let started = ContinuousClock.now
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: silent.endpoint, timeouts: HTTPTimeouts(connect: .seconds(1), read: .seconds(1))
            ) { client in
                try await client.putObject(PutObject(bucket: "b-1", key: "k", body: [1], contentType: "application/json"))
            }
        }
        let elapsed = ContinuousClock.now - started
        guard case .transport(_, _, .timedOut, _) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        // The bound proves the call ends instead of hanging (a silent server
        // would otherwise hold it forever); it is wide because the whole suite
        // runs in parallel on two cores, where one test's 1 s timeout has been
        // seen to take 12 s of wall time. Timing itself is not what is tested.
        #expect(elapsed < .seconds(45), "took \(elapsed)")
        #expect(error?.description.contains("timed out") == true)
    }

    @Test func nothingListeningIsACleanError() async throws {
        let port = try Loopback.freePort()
        let error = await #expect(throws: S3Error.self) {
            try await withClient(
                endpoint: "http://127.0.0.1:\(port)", timeouts: HTTPTimeouts(connect: .seconds(1), read: .seconds(1))
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
