import Foundation

/// Where S3 requests go, and how a bucket is addressed there.
///
/// Virtual-hosted style (`https://BUCKET.s3.REGION.amazonaws.com/KEY`) is
/// AWS's default. Path style (`https://s3.REGION.amazonaws.com/BUCKET/KEY`)
/// is used for a custom endpoint (`--endpoint-url`: MinIO, moto, a proxy),
/// and for a bucket whose name is no single DNS label: a name with dots,
/// such as `public.trychroma.com`, would put extra levels in the host name
/// that the `*.s3.REGION.amazonaws.com` TLS certificate does not cover.
public struct S3Endpoint: Hashable, Sendable {
    /// How requests name the bucket.
    public enum AddressingStyle: String, Hashable, Sendable {
        /// The bucket is the first label of the host name.
        case virtualHosted = "virtual-hosted"
        /// The bucket is the first segment of the path.
        case path
    }

    /// `http` or `https`.
    public let scheme: String
    /// The host of the service (without the bucket), IPv6 literals in brackets.
    public let host: String
    /// The port, when it is not the scheme's default.
    public let port: Int?
    /// A path the endpoint lives under (empty, or starting with `/` and not ending in one).
    public let basePath: String
    /// The region requests are signed for.
    public let region: String
    /// Whether this is a custom endpoint rather than AWS's own.
    public let isCustom: Bool

    /// AWS's endpoint for `region`.
    public init(region: String) throws(S3Error) {
        guard !region.isEmpty, region.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }) else {
            throw .invalidEndpoint(region, reason: "'\(region)' is not a region name")
        }
        scheme = "https"
        host = region.hasPrefix("cn-") ? "s3.\(region).amazonaws.com.cn" : "s3.\(region).amazonaws.com"
        port = nil
        basePath = ""
        self.region = region
        isCustom = false
    }

    /// A custom endpoint such as `http://127.0.0.1:9000`; always path style.
    public init(url text: String, region: String) throws(S3Error) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https"
        else {
            throw .invalidEndpoint(text, reason: "expected http://HOST[:PORT] or https://HOST[:PORT]")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else {
            throw .invalidEndpoint(text, reason: "the host is missing")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            throw .invalidEndpoint(text, reason: "an endpoint URL has no query, fragment or user")
        }
        self.scheme = scheme
        host = rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost
        let defaultPort = scheme == "https" ? 443 : 80
        port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        var path = Substring(components.percentEncodedPath)
        while path.hasSuffix("/") { path = path.dropLast() }
        basePath = path.isEmpty || path.hasPrefix("/") ? String(path) : "/" + path
        self.region = region
        isCustom = true
    }

    /// The style used for `bucket` at this endpoint.
    public func addressingStyle(for bucket: String) -> AddressingStyle {
        isCustom || !S3Location.isVirtualHostable(bucket) ? .path : .virtualHosted
    }

    /// The address of an object: the `Host` header, the path as sent (URI
    /// encoded), and the whole URL.
    public func address(bucket: String, key: String) -> S3Address {
        let encodedKey = URIEncoding.encode(key.utf8, keepingSlash: true)
        let portSuffix = port.map { ":\($0)" } ?? ""
        switch addressingStyle(for: bucket) {
        case .virtualHosted:
            let hostHeader = "\(bucket).\(host)\(portSuffix)"
            return S3Address(scheme: scheme, hostHeader: hostHeader, path: "\(basePath)/\(encodedKey)")
        case .path:
            let encodedBucket = URIEncoding.encode(bucket.utf8, keepingSlash: false)
            let hostHeader = "\(host)\(portSuffix)"
            return S3Address(scheme: scheme, hostHeader: hostHeader, path: "\(basePath)/\(encodedBucket)/\(encodedKey)")
        }
    }
}

/// Where one request goes.
public struct S3Address: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The value of the `Host` header: host name, and port when not the default.
    public let hostHeader: String
    /// The path as sent on the request line: URI-encoded, starting with `/`.
    public let path: String

    /// `scheme://host/path`
    public var url: String { "\(scheme)://\(hostHeader)\(path)" }

    public var description: String { url }
}
