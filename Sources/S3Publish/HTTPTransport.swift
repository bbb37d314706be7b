import AsyncHTTPClient
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP request as the S3 client builds it: the method, the address,
/// the headers in order, and the whole body.
public struct HTTPRequestData: Hashable, Sendable {
    /// `GET`, `PUT`, `HEAD`, ...
    public var method: String
    /// Scheme, host and path.
    public var address: S3Address
    /// The header fields, `Host` first, `Authorization` last once signed.
    public var headers: [HTTPHeader]
    /// The body (empty for `HEAD`).
    public var body: [UInt8]

    /// A request from its parts.
    public init(method: String, address: S3Address, headers: [HTTPHeader], body: [UInt8] = []) {
        self.method = method
        self.address = address
        self.headers = headers
        self.body = body
    }
}

/// A response: status, headers and (a bounded amount of) body.
public struct HTTPResponseData: Hashable, Sendable {
    /// The status code.
    public var status: Int
    /// The header fields.
    public var headers: [HTTPHeader]
    /// The body, as far as it was read.
    public var body: [UInt8]

    /// A response from its parts.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How long to wait, at most, for each stage of one request. A total
/// deadline (``Deadline``) clips them further.
public struct HTTPTimeouts: Hashable, Sendable {
    /// To open the connection (TCP and TLS).
    public var connect: Duration
    /// Between bytes of the response (and for the whole exchange, added to `connect`).
    public var read: Duration

    /// Timeouts; the defaults are 10 s to connect and 30 s to read.
    public init(connect: Duration = .seconds(10), read: Duration = .seconds(30)) {
        self.connect = connect
        self.read = read
    }
}

/// Why a request got no response.
public enum TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The peer reset or closed the connection before the response was complete
    /// (during the upload, or before the response's head).
    case connectionReset(String)
    /// The response's head arrived, then the connection ended before the
    /// whole body had (fewer bytes than its `Content-Length`).
    case connectionClosedEarly(String)
    /// No connection within the connect timeout, or no answer within the read timeout.
    case timedOut(String)
    /// The time limit the caller gave this one request (the rest of a
    /// total deadline) ran out before the exchange was over.
    case timeLimitReached(Duration)
    /// The connection could not be opened (refused, no route, name not resolved, TLS failure).
    case cannotConnect(String)
    /// Anything else.
    case failed(String)

    /// Whether sending the same request again may succeed: a reset or
    /// cut-short connection, or a connect or read time-out (the next
    /// attempt gets a fresh connection; the total deadline bounds them all).
    /// Not: a refused connection (nothing listens: a wrong endpoint), the
    /// caller's own time limit, or anything else.
    public var isRetryable: Bool {
        switch self {
        case .connectionReset, .connectionClosedEarly, .timedOut: return true
        case .timeLimitReached, .cannotConnect, .failed: return false
        }
    }

    public var description: String {
        switch self {
        case .connectionReset(let detail): return "the connection was reset (\(detail))"
        case .connectionClosedEarly(let detail): return "the connection closed before the whole response arrived (\(detail))"
        case .timedOut(let detail): return "timed out (\(detail))"
        case .timeLimitReached(let limit): return "no complete response within the \(Deadline.format(limit)) left"
        case .cannotConnect(let detail): return "cannot connect (\(detail))"
        case .failed(let detail): return detail
        }
    }
}

/// Sends one request and returns its response. The S3 client signs,
/// retries and interprets; a transport only moves bytes.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws when no complete response arrived. With a
    /// `timeLimit`, the whole exchange (connecting, sending, the whole
    /// response) ends within it, else with ``TransportError/timeLimitReached(_:)``;
    /// the transport's own timeouts still apply inside it.
    func send(_ request: HTTPRequestData, timeLimit: Duration?) async throws(TransportError) -> HTTPResponseData
    /// Releases connections and threads; the transport cannot send afterwards.
    func shutdown() async
}

extension HTTPTransport {
    /// Sends `request` bounded by the transport's own timeouts only.
    public func send(_ request: HTTPRequestData) async throws(TransportError) -> HTTPResponseData {
        try await send(request, timeLimit: nil)
    }
}

/// The transport over AsyncHTTPClient (SwiftNIO): HTTP/1.1 and HTTPS with
/// the system's trust roots, no redirects, no decompression, bounded
/// connect and read timeouts and a deadline for each request.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    /// The timeouts every request gets.
    public let timeouts: HTTPTimeouts
    /// The most bytes of a response body read (S3 error documents are small).
    public let maxBodyBytes: Int

    /// A transport with its own connection pool; call ``shutdown()`` when done.
    public init(timeouts: HTTPTimeouts = HTTPTimeouts(), maxBodyBytes: Int = 1 << 20) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.amount(timeouts.connect), read: Self.amount(timeouts.read)),
            decompression: .disabled)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.timeouts = timeouts
        self.maxBodyBytes = maxBodyBytes
    }

    private static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public func send(_ request: HTTPRequestData, timeLimit: Duration?) async throws(TransportError) -> HTTPResponseData {
        guard let timeLimit else { return try await exchange(request).get() }
        if timeLimit <= .zero { throw .timeLimitReached(timeLimit) }
        // AsyncHTTPClient's own deadline ends when the response's head
        // arrives, so a body that trickles would outlast it: the race
        // bounds the whole exchange, body included. The loser is cancelled
        // (AsyncHTTPClient cancels the request with its task).
        let outcome = await withTaskGroup(of: Result<HTTPResponseData, TransportError>?.self) { group in
            group.addTask { await self.exchange(request) }
            group.addTask {
                do {
                    try await Task.sleep(for: timeLimit)
                } catch {
                    return nil
                }
                return .failure(.timeLimitReached(timeLimit))
            }
            var first: Result<HTTPResponseData, TransportError>?
            while first == nil, let next = await group.next() {
                first = next
            }
            group.cancelAll()
            return first ?? .failure(.timeLimitReached(timeLimit))
        }
        return try outcome.get()
    }

    private func exchange(_ request: HTTPRequestData) async -> Result<HTTPResponseData, TransportError> {
        var outgoing = HTTPClientRequest(url: request.address.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers where header.lowercasedName != "content-length" {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty || request.method == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        // The read timeout bounds the wait between bytes; the deadline bounds
        // the exchange up to the response's head.
        let deadline = Self.amount(timeouts.connect + timeouts.read)
        do {
            let response = try await client.execute(outgoing, timeout: deadline)
            let headers = response.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
            var body: [UInt8] = []
            if request.method != "HEAD" {
                do {
                    for try await chunk in response.body {
                        if body.count < maxBodyBytes {
                            body.append(contentsOf: chunk.readableBytesView.prefix(maxBodyBytes - body.count))
                        }
                    }
                } catch {
                    // The head arrived: whatever ends the body early is a cut-short response.
                    switch Self.classify(error) {
                    case .connectionReset(let detail), .failed(let detail):
                        return .failure(.connectionClosedEarly(detail))
                    case let other:
                        return .failure(other)
                    }
                }
            }
            return .success(HTTPResponseData(status: Int(response.status.code), headers: headers, body: body))
        } catch {
            return .failure(Self.classify(error))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    static func classify(_ error: any Error) -> TransportError {
        if let error = error as? HTTPClientError {
            switch error {
            case .remoteConnectionClosed:
                return .connectionReset("the server closed the connection")
            case .cancelled:
                return .failed("the request was cancelled")
            case .readTimeout, .deadlineExceeded:
                return .timedOut("no response")
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return .timedOut("no connection")
            default:
                return .failed(error.description)
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNRESET, EPIPE:
                return .connectionReset(error.description)
            case ECONNREFUSED:
                return .cannotConnect("connection refused")
            case EHOSTUNREACH, ENETUNREACH:
                return .cannotConnect(error.description)
            default:
                return .failed(error.description)
            }
        }
        if let error = error as? ChannelError {
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed, .eof:
                return .connectionReset("the connection closed (\(error))")
            default:
                break
            }
        }
        if let error = error as? HTTPParserError, case .invalidEOFState = error {
            return .connectionClosedEarly("the connection ended inside the response")
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return .cannotConnect("connection refused")
        }
        if text.contains("Connection reset") || text.contains("ECONNRESET") {
            return .connectionReset(text)
        }
        return .failed(text)
    }
}
