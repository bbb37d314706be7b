/// Turns libyaml's positions into byte offsets.
///
/// libyaml counts marks in characters (Unicode scalars), and an initial
/// UTF-8 byte order mark is consumed before counting starts; a byte order
/// mark later in the stream counts as one character. Pure ASCII text maps
/// one to one and needs no table.
struct CharacterOffsets: Sendable {
    /// Byte offset where character 0 starts (3 after a byte order mark).
    let base: Int
    /// Byte offset of each character, plus the end; empty when the text
    /// after `base` is ASCII.
    let table: [Int32]
    let byteCount: Int

    init(_ bytes: [UInt8]) {
        byteCount = bytes.count
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        base = hasBOM ? 3 : 0
        var ascii = true
        for i in base..<bytes.count where bytes[i] >= 0x80 {
            ascii = false
            break
        }
        guard !ascii else {
            table = []
            return
        }
        var starts: [Int32] = []
        starts.reserveCapacity(bytes.count - base + 1)
        for i in base..<bytes.count where bytes[i] & 0xC0 != 0x80 {
            // Every byte that is not a UTF-8 continuation byte starts a
            // character. Invalid UTF-8 never gets this far: libyaml rejects it.
            starts.append(Int32(truncatingIfNeeded: i))
        }
        starts.append(Int32(truncatingIfNeeded: bytes.count))
        table = starts
    }

    /// The byte offset of character `index`, clamped to the text.
    func byteOffset(ofCharacter index: Int) -> Int {
        if table.isEmpty { return min(max(0, base + index), byteCount) }
        guard index >= 0 else { return base }
        return index < table.count ? Int(table[index]) : byteCount
    }
}
