import TemplateSyntax

/// What a scalar means: the YAML 1.2 core schema for plain scalars, the tag
/// when one is written.
public enum YAMLScalar {
    static let standardPrefix = "tag:yaml.org,2002:"

    /// The type the YAML 1.2 core schema gives a plain scalar written as
    /// `text`: `null`, `~` and empty are null; `true`/`false` (three
    /// casings) are booleans; decimal, `0o` octal and `0x` hex integers and
    /// floats (with `.inf`, `.nan`) are numbers; anything else is a string.
    public static func coreSchemaKind(of text: String) -> Slot.Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        default: return isCoreNumber(text) ? .number : .string
        }
    }

    /// Whether `text` is an integer or float of the YAML 1.2 core schema.
    public static func isCoreNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard !b.isEmpty else { return false }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func all(_ slice: ArraySlice<UInt8>, _ test: (UInt8) -> Bool) -> Bool { !slice.isEmpty && slice.allSatisfy(test) }
        if b.count > 2 && b[0] == UInt8(ascii: "0") && b[1] == UInt8(ascii: "o") {
            return all(b[2...]) { $0 >= 0x30 && $0 <= 0x37 }
        }
        if b.count > 2 && b[0] == UInt8(ascii: "0") && b[1] == UInt8(ascii: "x") {
            return all(b[2...]) { isDigit($0) || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "f")) }
        }
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var i = 0
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { i = 1 }
        if [".inf", ".Inf", ".INF"].contains(String(decoding: b[i...], as: UTF8.self)) { return true }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        let intStart = i
        while i < b.count && isDigit(b[i]) { i += 1 }
        let intDigits = i - intStart
        var fractionDigits = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < b.count && isDigit(b[i]) { i += 1 }
            fractionDigits = i - fractionStart
            guard intDigits > 0 || fractionDigits > 0 else { return false }
        } else if intDigits == 0 {
            return false
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
            let exponentStart = i
            while i < b.count && isDigit(b[i]) { i += 1 }
            guard i > exponentStart else { return false }
        }
        return i == b.count
    }

    /// Whether `text` is a boolean of the core schema.
    public static func isCoreBool(_ text: String) -> Bool { coreSchemaKind(of: text) == .bool }

    /// The slot kind of a scalar with this style, tag and decoded value.
    /// Quoted and block scalars are strings; a tag from outside the core
    /// schema (`!Ref`, `!Sub`: CloudFormation's short forms) makes an
    /// expression, readable but never rewritten.
    static func kind(style: YAMLNode.Style, tag: String?, value: String) -> Slot.Kind {
        if let tag {
            switch tag {
            case "!", standardPrefix + "str": return .string
            case standardPrefix + "int", standardPrefix + "float": return .number
            case standardPrefix + "bool": return .bool
            case standardPrefix + "null": return .null
            default: return .expression
            }
        }
        return style == .plain ? coreSchemaKind(of: value) : .string
    }
}
