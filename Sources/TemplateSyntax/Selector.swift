/// A path to values inside a document, one language for every format.
///
/// ```
/// Parameters.ChromaVersion.Default     dotted keys
/// a."b.c".d                            a quoted key for names with odd characters
/// Resources[0]   items[*]   a.*.b      indices, and `*` for any key or index
/// /Parameters/ChromaVersion/Default    a JSON Pointer (RFC 6901)
/// variable.chroma_version.default      HCL: block type, labels, attribute
/// ```
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable, CustomStringConvertible {
        /// A mapping key, object member name, block type or label, or attribute name.
        case key(String)
        /// A sequence or array index (0-based).
        case index(Int)
        /// A JSON Pointer token: a key in an object, an index in an array.
        case keyOrIndex(String)
        /// `*`: any key or index.
        case any

        /// Whether this step accepts a member named `name`.
        public func matches(key name: String) -> Bool {
            switch self {
            case .key(let k), .keyOrIndex(let k): return k == name
            case .any: return true
            case .index: return false
            }
        }

        /// Whether this step accepts the element at `position`.
        public func matches(index position: Int) -> Bool {
            switch self {
            case .index(let i): return i == position
            case .keyOrIndex(let token): return Component.arrayIndex(token) == position
            case .any: return true
            case .key: return false
            }
        }

        /// RFC 6901: an array index is `0` or digits without a leading zero.
        static func arrayIndex(_ token: String) -> Int? {
            let utf8 = Array(token.utf8)
            guard !utf8.isEmpty, utf8.count <= 18, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if utf8.count > 1 && utf8[0] == 0x30 { return nil }
            return Int(token)
        }

        public var description: String {
            Selector.render([self])
        }
    }

    /// The steps, first to last.
    public var components: [Component]
    /// The text the selector was parsed from (or its canonical rendering).
    public let text: String

    public init(components: [Component]) {
        self.components = components
        self.text = Selector.render(components)
    }

    /// Parses a selector; see the type's documentation for the syntax.
    public init(parsing text: String) throws(SelectorError) {
        self.text = text
        if text.hasPrefix("/") {
            self.components = Selector.parsePointer(text)
        } else {
            var parser = SelectorParser(text)
            self.components = try parser.parse()
        }
    }

    public var description: String { text }

    public static func == (lhs: Selector, rhs: Selector) -> Bool { lhs.components == rhs.components }
    public func hash(into hasher: inout Hasher) { hasher.combine(components) }

    /// A selector followed by more steps.
    public func appending(_ more: [Component]) -> Selector {
        Selector(components: components + more)
    }

    /// Canonical text of a path: bare keys where they are plain, quoted otherwise.
    public static func render(_ components: [Component]) -> String {
        var out = ""
        for (i, component) in components.enumerated() {
            switch component {
            case .key(let k), .keyOrIndex(let k):
                if i > 0 { out += "." }
                out += isBare(k) ? k : quote(k)
            case .index(let n):
                out += "[\(n)]"
            case .any:
                if i > 0 { out += "." }
                out += "*"
            }
        }
        return out
    }

    static func isBareByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
            UInt8(ascii: "$"), UInt8(ascii: "@"), UInt8(ascii: ":"):
            return true
        default:
            return b >= 0x80
        }
    }

    static func isBare(_ key: String) -> Bool {
        !key.isEmpty && key != "*" && key.utf8.allSatisfy(isBareByte) && key.utf8.first != UInt8(ascii: "/")
    }

    static func quote(_ key: String) -> String {
        var out = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func parsePointer(_ text: String) -> [Component] {
        // "/a/b" -> ["a", "b"]; "~1" is "/", "~0" is "~" (RFC 6901).
        text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst().map { token in
            var bytes: [UInt8] = []
            var i = token.startIndex
            while i < token.endIndex {
                let b = token[i]
                let next = token.index(after: i)
                if b == UInt8(ascii: "~"), next < token.endIndex, token[next] == UInt8(ascii: "1") || token[next] == UInt8(ascii: "0") {
                    bytes.append(token[next] == UInt8(ascii: "1") ? UInt8(ascii: "/") : UInt8(ascii: "~"))
                    i = token.index(after: next)
                } else {
                    bytes.append(b)
                    i = next
                }
            }
            return .keyOrIndex(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// A selector that cannot be parsed: the message and the 1-based column in
/// the selector's text.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var selector: String
    public var message: String
    public var column: Int

    public var description: String {
        let indent = String(repeating: " ", count: max(0, column - 1))
        return "invalid selector: \(message) at column \(column)\n  \(selector)\n  \(indent)^"
    }
}

private struct SelectorParser {
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    func fail(_ message: String, at offset: Int? = nil) -> SelectorError {
        let at = offset ?? position
        // Report the column in characters, not bytes.
        let column = String(decoding: bytes[0..<min(at, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
        return SelectorError(selector: text, message: message, column: column)
    }

    mutating func parse() throws(SelectorError) -> [Selector.Component] {
        guard !bytes.isEmpty else { throw fail("the selector is empty") }
        var components: [Selector.Component] = []
        var expectKey = true  // at the start, or after a dot
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "[") {
                if expectKey && !components.isEmpty { throw fail("expected a key after '.'") }
                components.append(try parseBracket())
                expectKey = false
            } else if b == UInt8(ascii: ".") {
                if expectKey { throw fail(components.isEmpty ? "a selector cannot start with '.'" : "empty key between dots") }
                position += 1
                expectKey = true
                if position == bytes.count { throw fail("expected a key after '.'") }
            } else if expectKey {
                components.append(try parseKey())
                expectKey = false
            } else {
                throw fail("expected '.' or '[' before '\(String(UnicodeScalar(b)))'")
            }
        }
        return components
    }

    mutating func parseKey() throws(SelectorError) -> Selector.Component {
        let start = position
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            var key: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    position += 1
                    return .key(String(decoding: key, as: UTF8.self))
                }
                if b == UInt8(ascii: "\\") {
                    guard position + 1 < bytes.count else { break }
                    let next = bytes[position + 1]
                    guard next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") else {
                        throw fail("only \\\" and \\\\ are escapes in a quoted key")
                    }
                    key.append(next)
                    position += 2
                    continue
                }
                key.append(b)
                position += 1
            }
            throw fail("unterminated quoted key", at: start)
        }
        if bytes[position] == UInt8(ascii: "*") {
            position += 1
            return .any
        }
        while position < bytes.count && Selector.isBareByte(bytes[position]) { position += 1 }
        guard position > start else {
            throw fail("unexpected '\(String(UnicodeScalar(bytes[position])))': quote keys with odd characters, as in \"a b\"")
        }
        return .key(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    mutating func parseBracket() throws(SelectorError) -> Selector.Component {
        let open = position
        position += 1
        let start = position
        while position < bytes.count && bytes[position] != UInt8(ascii: "]") { position += 1 }
        guard position < bytes.count else { throw fail("unclosed '['", at: open) }
        let inner = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        if inner == "*" { return .any }
        guard let index = Selector.Component.arrayIndex(inner) else {
            throw fail("an index is a number or '*', not '\(inner)'", at: start)
        }
        return .index(index)
    }
}
