/// `\N{NAME}` lookups for string decoding.
enum UnicodeNames {
    /// The scalar Python's `unicodedata.lookup` finds for `name`
    /// (case-insensitive; formal aliases too).
    static func scalar(named name: String) -> Unicode.Scalar? {
        let wanted = name.uppercased()
        guard !wanted.isEmpty, wanted.utf8.count < 100 else { return nil }
        // Names made from the code point ("CJK UNIFIED IDEOGRAPH-4E00") are
        // checked directly, which keeps them out of the table.
        if let dash = wanted.lastIndex(of: "-"), let value = UInt32(wanted[wanted.index(after: dash)...], radix: 16),
            let scalar = Unicode.Scalar(value), scalar.properties.name == wanted
        {
            return scalar
        }
        return table[wanted].flatMap(Unicode.Scalar.init)
    }

    /// Every other name and alias, built once on first use (a scan of the
    /// scalar space, a fraction of a second) so that any number of
    /// `\N{...}` escapes, known or not, costs a lookup each.
    static let table: [String: UInt32] = {
        var names: [String: UInt32] = [:]
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let properties = scalar.properties
            if let alias = properties.nameAlias { names[alias] = value }
            guard let name = properties.name else { continue }
            if let dash = name.lastIndex(of: "-"), UInt32(name[name.index(after: dash)...], radix: 16) == value { continue }
            names[name] = value
        }
        return names
    }()
}
