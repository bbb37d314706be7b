import TemplateSyntax

/// Parses RFC 8259 JSON text into flat token and node arrays.
///
/// One pass over the bytes, no recursion (an explicit stack of open
/// containers), no allocation per token beyond the arrays' growth. Exactly
/// RFC 8259: no comments, no trailing commas, no single quotes, no NaN; a
/// UTF-8 byte order mark at the very start is kept as trivia.
struct JSONParser {
    static let defaultMaximumDepth = 10_000

    // The tokens as parallel arrays (6 bytes a token, where a struct of
    // kind, start and end pads to 12): a large file's tree is mostly these.
    var kinds: [JSONToken.Kind] = []
    var starts: [UInt32] = []
    var lengths = JSONTokenLengths()
    var nodes: [JSONNodeRecord] = []
    /// The number of values, counted also when `nodes` is not built.
    var nodeCount = 0
    /// Whether to build `nodes`: a re-parse after an edit that keeps every
    /// token's kind needs only the tokens (see `JSONDocument.reparsed`).
    var buildsNodes = true

    static func parse(_ bytes: [UInt8], maximumDepth: Int, buildingNodes: Bool = true) throws(TemplateError) -> JSONParser {
        guard bytes.count < Int(UInt32.max) else {
            throw TemplateError(.syntax, "the file is larger than 4 GiB, which tplpatch does not handle", at: 0)
        }
        var parser = JSONParser()
        parser.buildsNodes = buildingNodes
        // Room for a token every 4 bytes and a value every 8, more than
        // formatted JSON has, so the arrays rarely grow (a growth copies the
        // array and briefly holds both). Room never written costs address
        // space, not memory: the kernel backs only the pages touched.
        let tokenRoom = bytes.count / 4 + 16
        parser.kinds.reserveCapacity(tokenRoom)
        parser.starts.reserveCapacity(tokenRoom)
        parser.lengths.reserveCapacity(tokenRoom)
        if buildingNodes { parser.nodes.reserveCapacity(bytes.count / 8 + 16) }
        try bytes.withUnsafeBufferPointer { (buffer) throws(TemplateError) in
            try parser.run(buffer, maximumDepth: maximumDepth)
        }
        return parser
    }

    private enum Expect {
        case value  // at the start, after '[', ',' in an array, or ':'
        case firstKeyOrEnd  // after '{'
        case key  // after ',' in an object
        case nameSeparator  // after a key
        case firstValueOrEnd  // after '['
        case afterValue  // after a complete value
    }

    private mutating func run(_ b: UnsafeBufferPointer<UInt8>, maximumDepth: Int) throws(TemplateError) {
        let n = b.count
        var i = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        // Open containers: the token that opened each, and its value's index.
        var open: [(token: Int, node: Int)] = []
        var expect = Expect.value

        while true {
            // Trivia.
            while i < n {
                let c = b[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
            }
            guard i < n else { break }
            let c = b[i]
            let start = i

            switch expect {
            case .value, .firstValueOrEnd:
                if expect == .firstValueOrEnd && c == UInt8(ascii: "]") {
                    i += 1
                    try closeContainer(&open, kind: .endArray, start: start, end: i)
                    expect = .afterValue
                    continue
                }
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard open.count < maximumDepth else {
                        throw TemplateError(.syntax, "nesting is deeper than \(maximumDepth) levels", at: start)
                    }
                    let isObject = c == UInt8(ascii: "{")
                    i += 1
                    appendToken(isObject ? .beginObject : .beginArray, start, i)
                    open.append((kinds.count - 1, nodeCount))
                    appendNode()
                    expect = isObject ? .firstKeyOrEnd : .firstValueOrEnd
                    continue
                case UInt8(ascii: "\""):
                    i = try scanString(b, from: i)
                    appendToken(.string, start, i)
                    appendNode()
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    i = try scanNumber(b, from: i)
                    appendToken(.number, start, i)
                    appendNode()
                case UInt8(ascii: "t"):
                    i = try scanLiteral(b, from: i, "true")
                    appendToken(.trueLiteral, start, i)
                    appendNode()
                case UInt8(ascii: "f"):
                    i = try scanLiteral(b, from: i, "false")
                    appendToken(.falseLiteral, start, i)
                    appendNode()
                case UInt8(ascii: "n"):
                    i = try scanLiteral(b, from: i, "null")
                    appendToken(.nullLiteral, start, i)
                    appendNode()
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    var end = start
                    while end < n, end - start < 20, (b[end] | 0x20) >= UInt8(ascii: "a") && (b[end] | 0x20) <= UInt8(ascii: "z") { end += 1 }
                    let word = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
                    throw TemplateError(
                        .syntax, "invalid literal '\(word)': JSON has only true, false and null, and strings need double quotes", at: start)
                default:
                    throw unexpected(b, at: start, expecting: "a value")
                }
                expect = .afterValue

            case .firstKeyOrEnd, .key:
                if c == UInt8(ascii: "\"") {
                    i = try scanString(b, from: i)
                    appendToken(.string, start, i)
                    expect = .nameSeparator
                } else if c == UInt8(ascii: "}") && expect == .firstKeyOrEnd {
                    i += 1
                    try closeContainer(&open, kind: .endObject, start: start, end: i)
                    expect = .afterValue
                } else if c == UInt8(ascii: "}") {
                    throw TemplateError(.syntax, "trailing comma: expected another member after ',', not '}'", at: start)
                } else {
                    throw unexpected(b, at: start, expecting: "a member name in double quotes")
                }

            case .nameSeparator:
                guard c == UInt8(ascii: ":") else {
                    throw unexpected(b, at: start, expecting: "':' after the member name")
                }
                i += 1
                appendToken(.nameSeparator, start, i)
                expect = .value

            case .afterValue:
                guard let container = open.last else {
                    throw TemplateError(.syntax, "unexpected text after the JSON value", at: start)
                }
                let inObject = kinds[container.token] == .beginObject
                if c == UInt8(ascii: ",") {
                    i += 1
                    appendToken(.valueSeparator, start, i)
                    expect = inObject ? .key : .value
                    if !inObject {
                        // A trailing comma in an array is the common mistake; name it.
                        var j = i
                        while j < n && (b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09) { j += 1 }
                        if j < n && b[j] == UInt8(ascii: "]") {
                            throw TemplateError(.syntax, "trailing comma: expected another element after ',', not ']'", at: j)
                        }
                    }
                } else if inObject && c == UInt8(ascii: "}") {
                    i += 1
                    try closeContainer(&open, kind: .endObject, start: start, end: i)
                } else if !inObject && c == UInt8(ascii: "]") {
                    i += 1
                    try closeContainer(&open, kind: .endArray, start: start, end: i)
                } else {
                    throw unexpected(b, at: start, expecting: inObject ? "',' or '}' after an object member" : "',' or ']' after an array element")
                }
            }
        }

        if let container = open.last {
            let opener = Int(starts[container.token])
            let isObject = kinds[container.token] == .beginObject
            let wanted: String
            switch expect {
            case .value, .firstValueOrEnd: wanted = "a value"
            case .firstKeyOrEnd, .key: wanted = "a member name"
            case .nameSeparator: wanted = "':'"
            case .afterValue: wanted = isObject ? "',' or '}'" : "',' or ']'"
            }
            throw TemplateError(
                .syntax, "unexpected end of input: expected \(wanted)", at: n,
                notes: [.init("the \(isObject ? "object" : "array") opened here is not closed", at: opener)])
        }
        if nodeCount == 0 {
            throw TemplateError(.syntax, "expected a JSON value, found only whitespace", at: n)
        }
    }

    private mutating func appendToken(_ kind: JSONToken.Kind, _ start: Int, _ end: Int) {
        kinds.append(kind)
        starts.append(UInt32(truncatingIfNeeded: start))
        lengths.append(end - start)
    }

    /// A value whose first token is the one just appended. Its kind and its
    /// key are not stored: the first token's kind says the one, and a
    /// member's value follows its key and the `:` (see `JSONDocument.node`).
    private mutating func appendNode() {
        let token = UInt32(truncatingIfNeeded: kinds.count - 1)
        nodeCount += 1
        if buildsNodes { nodes.append(JSONNodeRecord(firstToken: token, lastToken: token, subtreeEnd: UInt32(truncatingIfNeeded: nodeCount))) }
    }

    private mutating func closeContainer(_ open: inout [(token: Int, node: Int)], kind: JSONToken.Kind, start: Int, end: Int) throws(TemplateError) {
        appendToken(kind, start, end)
        guard let container = open.popLast() else {
            throw TemplateError(.syntax, "unexpected closing bracket", at: start)
        }
        guard buildsNodes else { return }
        nodes[container.node].lastToken = UInt32(truncatingIfNeeded: kinds.count - 1)
        nodes[container.node].subtreeEnd = UInt32(truncatingIfNeeded: nodeCount)
    }

    private func unexpected(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, expecting: String) -> TemplateError {
        let c = b[offset]
        let found: String
        switch c {
        case UInt8(ascii: "/") where offset + 1 < b.count && (b[offset + 1] == UInt8(ascii: "/") || b[offset + 1] == UInt8(ascii: "*")):
            return TemplateError(.syntax, "comments are not allowed in JSON (expected \(expecting))", at: offset)
        case UInt8(ascii: "'"):
            return TemplateError(.syntax, "strings use double quotes in JSON, not single quotes (expected \(expecting))", at: offset)
        case 0x21...0x7E:
            found = "'\(Character(UnicodeScalar(c)))'"
        default:
            found = "byte 0x" + String(c, radix: 16, uppercase: true)
        }
        return TemplateError(.syntax, "expected \(expecting), found \(found)", at: offset)
    }

    /// Scans a string starting at its opening quote; returns the offset after
    /// the closing quote. Checks escapes, control characters and UTF-8.
    private func scanString(_ b: UnsafeBufferPointer<UInt8>, from open: Int) throws(TemplateError) -> Int {
        let n = b.count
        var i = open + 1
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            if c >= 0x20 && c < 0x80 && c != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { break }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    for k in 2..<6 {
                        guard i + k < n, JSONParser.hexValue(b[i + k]) != nil else {
                            throw TemplateError(.syntax, "invalid \\u escape: expected four hex digits", at: i)
                        }
                    }
                    i += 6
                default:
                    throw TemplateError(.syntax, "invalid escape sequence in a string", at: i)
                }
                continue
            }
            if c < 0x20 {
                let name = c == 0x0A ? "a line break" : c == 0x09 ? "a tab" : "control character U+00" + (c < 0x10 ? "0" : "") + String(c, radix: 16, uppercase: true)
                throw TemplateError(.syntax, "\(name) must be escaped inside a string (is the closing quote missing?)", at: i)
            }
            guard let length = UTF8Validation.sequenceLength(b, at: i) else {
                throw TemplateError(.syntax, "invalid UTF-8 in a string", at: i)
            }
            i += length
        }
        throw TemplateError(.syntax, "unterminated string", at: open)
    }


    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// number = [ minus ] int [ frac ] [ exp ]
    private func scanNumber(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(TemplateError) -> Int {
        let n = b.count
        var i = start
        func isDigit(_ k: Int) -> Bool { k < n && b[k] >= UInt8(ascii: "0") && b[k] <= UInt8(ascii: "9") }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw TemplateError(.syntax, "expected a digit in the number", at: i) }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw TemplateError(.syntax, "numbers cannot have leading zeros", at: i - 1) }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && b[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw TemplateError(.syntax, "expected a digit after the decimal point", at: i) }
            while isDigit(i) { i += 1 }
        }
        if i < n && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { throw TemplateError(.syntax, "expected a digit in the exponent", at: i) }
            while isDigit(i) { i += 1 }
        }
        // "1.2.3" or "12abc": name the whole bad token rather than "extra data".
        if i < n, b[i] == UInt8(ascii: ".") || (b[i] >= UInt8(ascii: "a") && b[i] <= UInt8(ascii: "z")) || (b[i] >= UInt8(ascii: "A") && b[i] <= UInt8(ascii: "Z")) {
            throw TemplateError(.syntax, "invalid number (a version such as 1.2.3 must be a string in JSON)", at: start)
        }
        return i
    }

    private func scanLiteral(_ b: UnsafeBufferPointer<UInt8>, from start: Int, _ word: StaticString) throws(TemplateError) -> Int {
        let count = word.utf8CodeUnitCount
        var k = 0
        while k < count {
            guard start + k < b.count, b[start + k] == word.utf8Start[k] else {
                throw TemplateError(.syntax, "invalid literal: expected '\(word)' (JSON literals are lowercase true, false and null)", at: start)
            }
            k += 1
        }
        let end = start + count
        if end < b.count, (b[end] >= UInt8(ascii: "a") && b[end] <= UInt8(ascii: "z")) || (b[end] >= UInt8(ascii: "A") && b[end] <= UInt8(ascii: "Z")) || (b[end] >= UInt8(ascii: "0") && b[end] <= UInt8(ascii: "9")) {
            throw TemplateError(.syntax, "invalid literal: expected '\(word)'", at: start)
        }
        return end
    }
}
