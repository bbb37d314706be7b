#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where two byte arrays first and last differ, found a page at a time
/// with `memcmp` and then byte by byte: an edited text and its original
/// share all but a few bytes, which a re-parse can use to skip work.
public enum ByteComparison {
    static let block = 4096

    /// How many leading bytes `a` and `b` have in common.
    public static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let count = min(a.count, b.count)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return 0 }
                var i = 0
                while i + block <= count && memcmp(x + i, y + i, block) == 0 { i += block }
                while i < count && x[i] == y[i] { i += 1 }
                return i
            }
        }
    }

    /// How many trailing bytes `a` and `b` have in common, at most `limit`
    /// (pass what is left after the common prefix, so the two never overlap).
    public static func commonSuffix(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        let count = max(0, min(limit, a.count, b.count))
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return 0 }
                let xEnd = x + a.count
                let yEnd = y + b.count
                var n = 0
                while n + block <= count && memcmp(xEnd - n - block, yEnd - n - block, block) == 0 { n += block }
                while n < count && xEnd[-n - 1] == yEnd[-n - 1] { n += 1 }
                return n
            }
        }
    }
}
