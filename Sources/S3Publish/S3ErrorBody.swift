/// The XML document S3 sends with an error response:
/// `<Error><Code>NoSuchBucket</Code><Message>...</Message><RequestId>...</RequestId></Error>`.
///
/// Only these leaf elements are read, so a tiny scanner does it; anything
/// that is not such a document leaves the fields nil.
public struct S3ErrorBody: Hashable, Sendable {
    /// `NoSuchBucket`, `SignatureDoesNotMatch`, `SlowDown`, ...
    public var code: String?
    /// The human-readable message.
    public var message: String?
    /// The request id, for AWS support.
    public var requestID: String?

    /// The fields found in `body`.
    public init(parsing body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        code = Self.element("Code", in: text)
        message = Self.element("Message", in: text)
        requestID = Self.element("RequestId", in: text)
    }

    /// The text of the first `<name>...</name>`, entities decoded, whitespace
    /// (line breaks included) collapsed to single spaces.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
              let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        let raw = text[open.upperBound..<close.lowerBound]
        let decoded = decodeEntities(raw)
        let collapsed = decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// The five predefined XML entities and numeric character references.
    static func decodeEntities(_ raw: Substring) -> String {
        var out = ""
        var rest = raw
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[amp...]
            guard let semicolon = tail.firstIndex(of: ";"), tail.distance(from: amp, to: semicolon) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = tail[tail.index(after: amp)..<semicolon]
            let replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    replacement = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = nil
                }
            }
            if let replacement {
                out += replacement
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        out += rest
        return out
    }
}
