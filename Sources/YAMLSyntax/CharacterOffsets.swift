/// Turns libyaml's positions into byte offsets.
///
/// libyaml counts marks in characters (Unicode scalars), and an initial
/// UTF-8 byte order mark is consumed before counting starts; a byte order
/// mark later in the stream counts as one character. Pure ASCII text maps
/// one to one.
///
/// Other text is mapped by a cursor that walks the bytes from the last
/// position asked for. libyaml's events come in source order, so the cursor
/// moves forward over the whole file once (eight ASCII bytes at a time) and
/// only a few characters back at times: amortised O(1) per event, and no
/// table of four bytes per character (which would be four times the file).
struct CharacterOffsets: Sendable {
    /// Byte offset where character 0 starts (3 after a byte order mark).
    let base: Int
    let byteCount: Int
    /// Whether every byte after `base` is ASCII: then character i is byte base + i.
    let isASCII: Bool
    private let bytes: [UInt8]
    /// The cursor: character `character` starts at byte `byte`.
    private var character = 0
    private var byte: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        byteCount = bytes.count
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        base = hasBOM ? 3 : 0
        byte = base
        isASCII = bytes.withUnsafeBufferPointer { CharacterOffsets.allASCII($0, from: hasBOM ? 3 : 0, to: $0.count) }
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether `buffer[from..<to]` holds only ASCII bytes, checked a word at a time.
    private static func allASCII(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        guard let start = buffer.baseAddress else { return true }
        var i = from
        while i + 8 <= to {
            if UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self) & highBits != 0 { return false }
            i += 8
        }
        while i < to {
            if start[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The byte offset of character `index`, clamped to the text.
    mutating func byteOffset(ofCharacter index: Int) -> Int {
        guard index > 0 else { return base }
        if isASCII { return min(base + index, byteCount) }
        var c = character
        var p = byte
        bytes.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            let count = buffer.count
            // Forward: step over one character (a lead byte and its continuation
            // bytes) unless the next eight bytes are ASCII.
            while c < index && p < count {
                // Eight ASCII bytes ahead: the next min(8, distance) characters are bytes.
                if p + 8 <= count && UnsafeRawPointer(start + p).loadUnaligned(as: UInt64.self) & CharacterOffsets.highBits == 0 {
                    let step = min(8, index - c)
                    p += step
                    c += step
                    continue
                }
                p += 1
                while p < count && start[p] & 0xC0 == 0x80 { p += 1 }
                c += 1
            }
            // Backward, the same way round.
            while c > index && p > base {
                if p - 8 >= base && UnsafeRawPointer(start + p - 8).loadUnaligned(as: UInt64.self) & CharacterOffsets.highBits == 0 {
                    let step = min(8, c - index)
                    p -= step
                    c -= step
                    continue
                }
                p -= 1
                while p > base && start[p] & 0xC0 == 0x80 { p -= 1 }
                c -= 1
            }
        }
        // Past the end the cursor stays at the end, still counting characters.
        character = c
        byte = p
        return min(p, byteCount)
    }
}
