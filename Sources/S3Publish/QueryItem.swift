/// One query parameter, decoded: `name` and `value` are the text before any
/// percent-encoding. The signer encodes them the SigV4 way.
public struct QueryItem: Hashable, Sendable {
    /// The decoded parameter name.
    public var name: String
    /// The decoded value; a parameter written without `=` has the empty value.
    public var value: String

    /// A query parameter from its decoded name and value.
    public init(name: String, value: String = "") {
        self.name = name
        self.value = value
    }

    /// Splits a raw query string (the part after `?`, still percent-encoded)
    /// into decoded items, in order. Empty pieces (`a&&b`) are dropped; `+`
    /// is kept as `+`, since SigV4 follows RFC 3986 rather than HTML forms.
    public static func parse(rawQuery: String) throws(SigV4Error) -> [QueryItem] {
        var items: [QueryItem] = []
        for piece in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = piece.firstIndex(of: "=") {
                name = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = ""
            }
            items.append(QueryItem(name: try decoded(name), value: try decoded(value)))
        }
        return items
    }

    private static func decoded(_ component: Substring) throws(SigV4Error) -> String {
        guard let text = String(validating: URIEncoding.decode(component), as: UTF8.self) else {
            throw .invalidQueryEncoding(String(component))
        }
        return text
    }
}
