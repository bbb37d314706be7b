/// The canonical form of a request (SigV4 task 1): what the signature covers.
public struct CanonicalRequest: Hashable, Sendable {
    /// The HTTP method, as given.
    public let method: String
    /// The path after the path rules and URI encoding.
    public let canonicalURI: String
    /// `name=value` pairs, encoded and sorted by name, then value.
    public let canonicalQuery: String
    /// One `name:value\n` line per signed header, names lowercased and sorted.
    public let canonicalHeaders: String
    /// The lowercased header names, sorted, joined by `;`.
    public let signedHeaders: String
    /// The payload hash line.
    public let payloadHash: String

    /// The six parts joined by newlines; the canonical headers end with their
    /// own newline, hence the blank line before the signed headers.
    public var text: String {
        [method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash]
            .joined(separator: "\n")
    }

    /// Builds the canonical request for the given parts. `headers` are signed
    /// as they are: the signer has already added or replaced its own.
    init(
        method: String,
        path: String,
        queryItems: [QueryItem],
        headers: [HTTPHeader],
        payloadHash: PayloadHash,
        pathRules: SigV4PathRules
    ) throws(SigV4Error) {
        guard HTTPHeader.isToken(method) else { throw .invalidMethod(method) }
        guard path.isEmpty || path.hasPrefix("/") else { throw .invalidPath(path) }
        self.method = method
        canonicalURI = pathRules.canonicalURI(for: path)
        canonicalQuery = Self.canonicalQuery(queryItems)
        (canonicalHeaders, signedHeaders) = try Self.canonicalHeaders(headers)
        self.payloadHash = payloadHash.value
    }

    static func canonicalQuery(_ items: [QueryItem]) -> String {
        let encoded = items.map { item in
            (name: URIEncoding.encode(item.name.utf8, keepingSlash: false),
             value: URIEncoding.encode(item.value.utf8, keepingSlash: false))
        }
        // Encoded text is ASCII, so comparing UTF-8 bytes is the byte order the
        // specification asks for.
        let sorted = encoded.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    static func canonicalHeaders(_ headers: [HTTPHeader]) throws(SigV4Error) -> (String, String) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            guard HTTPHeader.isToken(header.name) else { throw .invalidHeaderName(header.name) }
            let name = header.lowercasedName
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(trimmedValue(header.value))
        }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var lines = ""
        for name in names {
            lines += name + ":" + (values[name] ?? []).joined(separator: ",") + "\n"
        }
        return (lines, names.joined(separator: ";"))
    }

    /// Leading and trailing whitespace removed and every run of spaces, tabs
    /// and line breaks (obsolete line folding) turned into one space, quoted
    /// strings included, as the specification's test suite requires.
    static func trimmedValue(_ value: String) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
