#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no
/// surrogates, nothing past U+10FFFF. One checker for every format.
public enum UTF8Validation {
    /// The length of the well-formed sequence that starts at `i` with a
    /// byte >= 0x80, or nil when the bytes there are not one.
    @inlinable
    public static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = b.count
        @inline(__always) func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < n && b[i + k] >= low && b[i + k] <= high
        }
        switch b[i] {
        case 0xC2...0xDF: return cont(1) ? 2 : nil
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : nil
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default: return nil
        }
    }

    /// The offset of the first byte that does not begin a well-formed
    /// sequence, or nil when all of `bytes` is valid UTF-8.
    public static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            let n = b.count
            var i = 0
            while i < n {
                // ASCII eight bytes at a time (most source text is ASCII).
                while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                guard i < n else { break }
                if b[i] < 0x80 {
                    i += 1
                } else if let length = sequenceLength(b, at: i) {
                    i += length
                } else {
                    return i
                }
            }
            return nil
        }
    }

    /// The offset of the first NUL byte, or nil: `memchr`, many bytes a step.
    public static func firstNUL(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, let found = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }
}
