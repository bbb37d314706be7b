/// Python numeric literals: integers (decimal, `0x`, `0o`, `0b`), floats,
/// imaginary numbers, with `_` between digits.
public enum PythonNumber {
    /// The end of the number starting at `start`. Lenient the way Python's
    /// `tokenize` module is: it stops where the grammar stops (`1L` is a
    /// number and a name), so the lexer never fails on a number; the
    /// compiler, not the tokenizer, rejects such text.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = b.count
        var i = start
        func digits(_ isDigit: (UInt8) -> Bool) {
            while i < n {
                if isDigit(b[i]) {
                    i += 1
                } else if b[i] == 0x5F && i + 1 < n && isDigit(b[i + 1]) && i > start && isDigit(b[i - 1]) {
                    i += 1
                } else {
                    break
                }
            }
        }
        let decimal: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if b[i] == 0x30 && i + 1 < n {
            let radix = b[i + 1] | 0x20
            let isRadixDigit: ((UInt8) -> Bool)?
            switch radix {
            case 0x78: isRadixDigit = { decimal($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
            case 0x6F: isRadixDigit = { $0 >= 0x30 && $0 <= 0x37 }
            case 0x62: isRadixDigit = { $0 == 0x30 || $0 == 0x31 }
            default: isRadixDigit = nil
            }
            if let isRadixDigit {
                var j = i + 2
                if j < n && b[j] == 0x5F { j += 1 }
                if j < n && isRadixDigit(b[j]) {
                    i = j + 1
                    while i < n {
                        if isRadixDigit(b[i]) {
                            i += 1
                        } else if b[i] == 0x5F && i + 1 < n && isRadixDigit(b[i + 1]) {
                            i += 2
                        } else {
                            break
                        }
                    }
                    return i
                }
                return i + 1  // "0" alone; the letter starts a name
            }
        }
        digits(decimal)
        if i < n && b[i] == 0x2E {
            i += 1
            if i < n && decimal(b[i]) {
                let fractionStart = i
                while i < n {
                    if decimal(b[i]) {
                        i += 1
                    } else if b[i] == 0x5F && i + 1 < n && decimal(b[i + 1]) && i > fractionStart {
                        i += 1
                    } else {
                        break
                    }
                }
            }
        }
        if i < n && (b[i] | 0x20) == 0x65 {
            var j = i + 1
            if j < n && (b[j] == 0x2B || b[j] == 0x2D) { j += 1 }
            if j < n && decimal(b[j]) {
                i = j
                while i < n {
                    if decimal(b[i]) {
                        i += 1
                    } else if b[i] == 0x5F && i + 1 < n && decimal(b[i + 1]) {
                        i += 1
                    } else {
                        break
                    }
                }
            }
        }
        if i < n && (b[i] | 0x20) == 0x6A { i += 1 }
        return i
    }

    /// Whether `text` is exactly one Python number, optionally negative
    /// (`-1`, `1_000`, `0x1F`, `1.5e3`, `2j`), and nothing else.
    public static func isValid(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        if bytes.first == 0x2D { bytes.removeFirst() }
        guard let first = bytes.first else { return false }
        guard (first >= 0x30 && first <= 0x39) || (first == 0x2E && bytes.count > 1 && bytes[1] >= 0x30 && bytes[1] <= 0x39) else {
            return false
        }
        let end = bytes.withUnsafeBufferPointer { scan($0, from: 0) }
        guard end == bytes.count else { return false }
        // Python 3 rejects leading zeros in a decimal integer ("017").
        if bytes.count > 1 && first == 0x30 {
            let body = bytes.dropFirst()
            let isFloatish = body.contains { $0 == 0x2E || ($0 | 0x20) == 0x65 || ($0 | 0x20) == 0x6A }
            let isRadix = [0x78, 0x6F, 0x62].contains(bytes[1] | 0x20)
            if !isFloatish && !isRadix && !body.allSatisfy({ $0 == 0x30 || $0 == 0x5F }) { return false }
        }
        return true
    }
}
