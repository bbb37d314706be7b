/// `\N{NAME}` lookups for string decoding.
enum UnicodeNames {
    /// The scalar Python's `unicodedata.lookup` finds for `name`
    /// (case-insensitive; formal aliases too). Scans the scalar space, which
    /// is slow, but `\N{...}` is rare in the literals tplpatch reads.
    static func scalar(named name: String) -> Unicode.Scalar? {
        let wanted = name.uppercased()
        guard !wanted.isEmpty, wanted.utf8.count < 100 else { return nil }
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let properties = scalar.properties
            if properties.name == wanted || properties.nameAlias == wanted { return scalar }
        }
        return nil
    }
}
