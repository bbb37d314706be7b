import Crypto

/// The last line of a canonical request: the hex SHA-256 of the body, or a
/// literal such as `UNSIGNED-PAYLOAD` that S3 accepts instead.
public struct PayloadHash: Hashable, Sendable, CustomStringConvertible {
    /// The text that goes into the canonical request.
    public let value: String

    private init(uncheckedValue: String) {
        value = uncheckedValue
    }

    /// The hash of `payload`.
    public init(hashing payload: some Sequence<UInt8>) {
        var hasher = SHA256()
        hasher.update(data: Array(payload))
        value = lowercaseHex(hasher.finalize())
    }

    /// A hash computed elsewhere: 64 hex digits, stored lowercase.
    public init(hexDigest: String) throws(SigV4Error) {
        let bytes = Array(hexDigest.utf8)
        guard bytes.count == 64, bytes.allSatisfy({ hexValue($0) != nil }) else {
            throw .invalidPayloadHash(hexDigest)
        }
        value = hexDigest.lowercased()
    }

    /// A literal S3 accepts in place of a hash (`UNSIGNED-PAYLOAD`,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, and their relatives: upper-case
    /// letters, digits and `-` only).
    public init(literal: String) throws(SigV4Error) {
        let allowed = literal.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
        guard allowed, literal.contains("PAYLOAD") else { throw .invalidPayloadHash(literal) }
        value = literal
    }

    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 only).
    public static let unsignedPayload = PayloadHash(uncheckedValue: "UNSIGNED-PAYLOAD")

    /// The hash of an empty body.
    public static let emptyPayload = PayloadHash(hashing: [UInt8]())

    public var description: String { value }
}
