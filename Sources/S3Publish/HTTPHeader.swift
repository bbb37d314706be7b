/// One header field as it appears on the request, in order; a name may repeat.
public struct HTTPHeader: Hashable, Sendable {
    /// The field name, in any case.
    public var name: String
    /// The field value as sent; obsolete line folding (`\n` followed by
    /// spaces) is allowed and signs as a single space.
    public var value: String

    /// A header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The name lowercased (ASCII only, as header names are ASCII tokens).
    var lowercasedName: String {
        String(decoding: name.utf8.map { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }, as: UTF8.self)
    }

    /// Why `value` cannot be sent as the value of a header field the user
    /// chose (`Cache-Control`), or nil when it can: it must not be empty and
    /// must be printable ASCII (spaces allowed). A CR or LF would end the
    /// field and start another one of the user's making (header injection);
    /// other control characters and bytes outside ASCII are refused or
    /// mangled by some HTTP stacks and sign differently from what is sent.
    public static func problem(withValue value: String) -> String? {
        if value.isEmpty { return "it is empty" }
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) { return "it contains a line break (CR or LF)" }
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "it contains a control character" }
        if value.utf8.contains(where: { $0 >= 0x80 }) { return "it contains a character outside ASCII" }
        if value.first == " " || value.last == " " { return "it starts or ends with a space" }
        return nil
    }

    /// Whether `name` is an RFC 9110 token, the only form a field name may take.
    static func isToken(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
            }
        }
    }
}

extension Array where Element == HTTPHeader {
    /// The values of every field called `name` (case-insensitive), in order.
    public func values(named name: String) -> [String] {
        let wanted = HTTPHeader(name: name, value: "").lowercasedName
        return filter { $0.lowercasedName == wanted }.map(\.value)
    }
}
