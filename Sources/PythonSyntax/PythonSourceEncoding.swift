import TemplateSyntax

/// The encoding a Python module's bytes are read in: UTF-8 (PEP 3120)
/// unless a coding declaration on line 1 or 2 names another (PEP 263).
///
/// tplpatch decodes UTF-8 and Latin-1 (ISO-8859-1), in which every byte is
/// a character. A declaration naming another ASCII-compatible encoding
/// Python knows (`cp1252`, `koi8-r`, `shift_jis`, ...) is accepted only for
/// a file that is all ASCII, where every one of them reads the same
/// characters; a non-ASCII byte there is an error at that byte, since
/// tplpatch cannot say what character it is. Any other name (unknown to
/// Python, or an encoding such as UTF-16 in which ASCII bytes mean something
/// else) is an error at the name.
public enum PythonSourceEncoding: Sendable, Equatable {
    /// UTF-8: no declaration, or one naming UTF-8.
    case utf8
    /// Latin-1 (ISO-8859-1): byte `b` is the character U+00bb.
    case latin1
    /// ASCII: every byte must be below 0x80.
    case ascii
    /// An ASCII-compatible encoding tplpatch does not decode, as declared:
    /// the file must be all ASCII.
    case asciiOnly(String)

    /// Whether text written into the file must be ASCII (non-ASCII
    /// characters escaped), because the file is not UTF-8.
    public var needsASCII: Bool { self != .utf8 }

    /// The encoding `bytes` declare, or the error Python would also give: an
    /// encoding it does not know, or a UTF-8 byte order mark with a
    /// declaration of anything but `utf-8`. Does not look at the rest of the
    /// file; ``check(_:)`` does.
    public static func declared(in bytes: [UInt8]) throws(TemplateError) -> PythonSourceEncoding {
        guard let (name, offset) = declaration(in: bytes) else { return .utf8 }
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        // CPython first spells the UTF-8 and Latin-1 names its own way
        // (`_` as `-`, lowercase, `utf-8-unix` as `utf-8`), and with a byte
        // order mark accepts only what that spells as exactly `utf-8`.
        let spelled = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        func named(_ base: String) -> Bool { spelled == base || spelled.hasPrefix(base + "-") }
        let isUTF8 = named("utf-8")
        let isLatin1 = named("latin-1") || named("iso-8859-1") || named("iso-latin-1")
        if hasByteOrderMark && !isUTF8 {
            throw TemplateError(
                .syntax, "encoding problem: the file starts with a UTF-8 byte order mark but declares '\(name)' (Python rejects this too)",
                at: offset)
        }
        if isUTF8 { return .utf8 }
        if isLatin1 { return .latin1 }
        let codec = codecName(name)
        let dotless = String(codec.map { $0 == "." ? "_" : $0 })
        func among(_ names: Set<String>) -> Bool { names.contains(codec) || names.contains(dotless) }
        if among(utf8Names) { return .utf8 }
        if among(latin1Names) { return .latin1 }
        if among(asciiNames) { return .ascii }
        if among(asciiCompatibleNames) { return .asciiOnly(name) }
        throw TemplateError(
            .syntax,
            "the coding declaration names '\(name)', which tplpatch does not read: it reads UTF-8 and Latin-1, and other ASCII-compatible encodings Python knows when the file is all ASCII",
            at: offset)
    }

    /// The first NUL byte, or byte that is not text in this encoding, as the
    /// error Python would also give; nothing when the whole file is text.
    public func check(_ bytes: [UInt8]) throws(TemplateError) {
        let nul = UTF8Validation.firstNUL(bytes)
        let bad: Int?
        switch self {
        case .utf8: bad = UTF8Validation.firstInvalid(bytes)
        case .latin1: bad = nil
        case .ascii, .asciiOnly: bad = bytes.firstIndex { $0 >= 0x80 }
        }
        if let nul, bad.map({ nul < $0 }) ?? true {
            throw TemplateError(.syntax, "source code cannot contain null bytes (byte 0x00)", at: nul)
        }
        guard let bad else { return }
        let byte = "0x" + String(bytes[bad], radix: 16, uppercase: true)
        switch self {
        case .utf8:
            throw TemplateError(
                .syntax,
                "invalid UTF-8 (byte \(byte)): Python source is UTF-8 unless a coding declaration on line 1 or 2 names another encoding (PEP 263)",
                at: bad)
        case .ascii:
            throw TemplateError(.syntax, "byte \(byte) is not ASCII, and the coding declaration says the file is ASCII", at: bad)
        case .asciiOnly(let name):
            throw TemplateError(
                .syntax,
                "byte \(byte) is not ASCII; the file declares '\(name)', which tplpatch reads only when the file is all ASCII (it decodes UTF-8 and Latin-1)",
                at: bad)
        case .latin1:
            return
        }
    }

    /// The characters of `bytes[range]`, decoded in this encoding.
    public func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        guard self == .latin1 else { return String(decoding: bytes[range], as: UTF8.self) }
        var text = ""
        text.unicodeScalars.append(contentsOf: bytes[range].map { Unicode.Scalar($0) })
        return text
    }

    // MARK: The declaration

    /// The encoding name of the coding declaration and its offset: the
    /// first `coding[:=]` name in a comment line that is line 1, or line 2
    /// after a blank or comment line 1, as CPython and PEP 263's regular
    /// expression `^[ \t\f]*#.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)` find it.
    static func declaration(in bytes: [UInt8]) -> (name: String, offset: Int)? {
        var lineStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        for _ in 0..<2 {
            guard lineStart < bytes.count else { return nil }
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            var k = lineStart
            while k < end && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0C) { k += 1 }
            // Only a comment line can declare the encoding, and line 2 only after a blank or comment line.
            guard k == end || bytes[k] == 0x23 else { return nil }
            if k < end, let found = codingName(bytes, k..<end) { return found }
            lineStart = end
            if lineStart < bytes.count && bytes[lineStart] == 0x0D { lineStart += 1 }
            if lineStart < bytes.count && bytes[lineStart] == 0x0A { lineStart += 1 }
        }
        return nil
    }

    /// The name after the first `coding:` or `coding=` in `bytes[line]`
    /// that is followed by one.
    static func codingName(_ bytes: [UInt8], _ line: Range<Int>) -> (name: String, offset: Int)? {
        let word = Array("coding".utf8)
        var k = line.lowerBound
        while k + word.count < line.upperBound {
            defer { k += 1 }
            guard bytes[k..<(k + word.count)].elementsEqual(word) else { continue }
            var j = k + word.count
            guard bytes[j] == 0x3A || bytes[j] == 0x3D else { continue }
            j += 1
            while j < line.upperBound && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
            let start = j
            while j < line.upperBound && isNameByte(bytes[j]) { j += 1 }
            if j > start { return (String(decoding: bytes[start..<j], as: UTF8.self), start) }
        }
        return nil
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
    }

    /// `name` as Python's codec registry looks it up: lowercase, each run
    /// of characters other than letters, digits and `.` one `_`, none at
    /// either end.
    static func codecName(_ name: String) -> String {
        var out = ""
        var pending = false
        for c in name.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber || c == ".") {
                if pending && !out.isEmpty { out.append("_") }
                out.append(c)
                pending = false
            } else {
                pending = true
            }
        }
        return out
    }

    // Python 3.11's codec names and `encodings.aliases`, for the codecs
    // that matter here.
    static let utf8Names: Set<String> = [
        "cp65001", "u8", "utf", "utf8", "utf8_ucs2", "utf8_ucs4", "utf_8"
    ]
    static let latin1Names: Set<String> = [
        "8859", "cp819", "csisolatin1", "ibm819", "iso8859", "iso8859_1", "iso_8859_1", "iso_8859_1_1987",
        "iso_ir_100", "l1", "latin", "latin1", "latin_1"
    ]
    static let asciiNames: Set<String> = [
        "646", "ansi_x3.4_1968", "ansi_x3.4_1986", "ansi_x3_4_1968", "ascii", "cp367", "csascii", "ibm367",
        "iso646_us", "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii"
    ]
    /// Codecs that read bytes 0x00-0x7F as ASCII and write ASCII as those
    /// bytes (so not UTF-16/32, UTF-7, EBCDIC code pages, ISO-2022 or
    /// `raw_unicode_escape`), with their aliases.
    static let asciiCompatibleNames: Set<String> = [
        "1125", "1250", "1251", "1252", "1253", "1254", "1255", "1256", "1257", "1258", "437", "775", "850", "852",
        "855", "857", "858", "860", "861", "862", "863", "865", "866", "869", "932", "936", "949", "950", "arabic",
        "asmo_708", "big5", "big5_hkscs", "big5_tw", "big5hkscs", "chinese", "cp1006", "cp1051", "cp1125",
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp1361",
        "cp154", "cp437", "cp720", "cp737", "cp775", "cp850", "cp852", "cp855", "cp856", "cp857", "cp858", "cp860",
        "cp861", "cp862", "cp863", "cp865", "cp866", "cp866u", "cp869", "cp874", "cp932", "cp936", "cp949",
        "cp950", "cp_gr", "cp_is", "csbig5", "csibm855", "csibm857", "csibm858", "csibm860",
        "csibm861", "csibm863", "csibm865", "csibm866", "csibm869", "csiso58gb231280", "csisolatin2",
        "csisolatin3", "csisolatin4", "csisolatin5", "csisolatin6", "csisolatinarabic", "csisolatincyrillic",
        "csisolatingreek", "csisolatinhebrew", "cskoi8r", "cspc775baltic", "cspc850multilingual",
        "cspc862latinhebrew", "cspc8codepage437", "cspcp852", "csptcp154", "csshiftjis", "cyrillic",
        "cyrillic_asian", "ecma_114", "ecma_118", "elot_928", "euc_cn", "euc_jis2004", "euc_jis_2004",
        "euc_jisx0213", "euc_jp", "euc_kr", "euccn", "eucgb2312_cn", "eucjis2004", "eucjisx0213", "eucjp", "euckr",
        "gb18030", "gb18030_2000", "gb2312", "gb2312_1980", "gb2312_80", "gbk", "greek", "greek8", "hebrew",
        "hkscs", "hp_roman8", "ibm1051", "ibm1125", "ibm437", "ibm775", "ibm850", "ibm852", "ibm855", "ibm857",
        "ibm858", "ibm860", "ibm861", "ibm862", "ibm863", "ibm865", "ibm866", "ibm869", "iso8859_10", "iso8859_11",
        "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5",
        "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_9", "iso_8859_10", "iso_8859_10_1992", "iso_8859_11",
        "iso_8859_11_2001", "iso_8859_13", "iso_8859_14", "iso_8859_14_1998", "iso_8859_15", "iso_8859_16",
        "iso_8859_16_2001", "iso_8859_2", "iso_8859_2_1987", "iso_8859_3", "iso_8859_3_1988", "iso_8859_4",
        "iso_8859_4_1988", "iso_8859_5", "iso_8859_5_1988", "iso_8859_6", "iso_8859_6_1987", "iso_8859_7",
        "iso_8859_7_1987", "iso_8859_8", "iso_8859_8_1988", "iso_8859_9", "iso_8859_9_1989", "iso_celtic",
        "iso_ir_101", "iso_ir_109", "iso_ir_110", "iso_ir_126", "iso_ir_127", "iso_ir_138", "iso_ir_144",
        "iso_ir_148", "iso_ir_157", "iso_ir_166", "iso_ir_199", "iso_ir_226", "iso_ir_58", "jisx0213", "johab",
        "koi8_r", "koi8_t", "koi8_u", "korean", "ks_c_5601", "ks_c_5601_1987", "ks_x_1001", "ksc5601", "ksx1001",
        "kz1048", "kz_1048", "l10", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "latin10", "latin2", "latin3",
        "latin4", "latin5", "latin6", "latin7", "latin8", "latin9", "mac_centeuro", "mac_croatian", "mac_cyrillic",
        "mac_greek", "mac_iceland", "mac_latin2", "mac_roman", "mac_romanian", "mac_turkish", "maccentraleurope",
        "maccyrillic", "macgreek", "maciceland", "macintosh", "maclatin2", "macroman", "macturkish", "ms1361",
        "ms932", "ms936", "ms949", "ms950", "ms_kanji", "mskanji", "palmos", "pt154", "ptcp154", "r8", "rk1048",
        "roman8", "ruscii", "s_jis", "shift_jis", "shiftjis", "sjis", "strk1048_2002", "thai", "tis620", "tis_620",
        "tis_620_0", "tis_620_2529_0", "tis_620_2529_1", "u_jis", "uhc", "ujis", "windows_1250", "windows_1251",
        "windows_1252", "windows_1253", "windows_1254", "windows_1255", "windows_1256", "windows_1257",
        "windows_1258", "x_mac_japanese", "x_mac_korean", "x_mac_simp_chinese", "x_mac_trad_chinese"
    ]
}
