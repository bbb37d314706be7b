import TemplateSyntax

/// Recursive descent over the bytes, following `grammars/toml.ebnf`. It
/// appends tokens and nodes to flat arrays and fills in the key space as it
/// goes, so every TOML rule about keys and tables is checked at the byte
/// that breaks it.
struct TOMLParser {
    let source: SourceText
    let bytes: [UInt8]
    let lexer: TOMLLexer
    var position = 0
    var tokens: [TOMLToken] = []
    var nodes: [TOMLNode] = []
    var space = TOMLKeySpace()
    /// The table key/value lines go into: the root, then the last header's.
    var currentTable = 0
    /// The current header's section number; dotted-key tables remember it.
    var section = 0
    var sectionCounter = 0

    typealias KeyPart = (name: String, offset: Int)

    init(_ source: SourceText) {
        self.source = source
        self.bytes = source.bytes
        self.lexer = TOMLLexer(bytes: source.bytes)
        // Real files run about 3 bytes a token; reserving for 2 keeps the
        // array from doubling (and copying) near the end. Pages never
        // written are never resident.
        tokens.reserveCapacity(source.count / 2 + 4)
        nodes.reserveCapacity(source.count / 4 + 4)
    }

    static func parse(_ source: SourceText) throws(TemplateError) -> (TOMLTree, TOMLKeySpace) {
        var parser = TOMLParser(source)
        try parser.run()
        return (TOMLTree(tokens: parser.tokens, nodes: parser.nodes), parser.space)
    }

    // MARK: Helpers

    func error(_ message: String, at offset: Int, notes: [TemplateError.Note] = []) -> TemplateError {
        TemplateError(.syntax, message, at: offset, notes: notes)
    }

    /// `line:column` of an offset, for messages that point elsewhere.
    func place(_ offset: Int) -> String { source.location(of: offset).description }

    /// What stands at `position`, for messages.
    func found() -> String {
        guard position < bytes.count else { return "the end of the file" }
        let b = bytes[position]
        if b == TOMLLexer.lf || b == TOMLLexer.cr { return "the end of the line" }
        if b < 0x20 || b == 0x7F { return "the control character \(TOMLLexer.describe(b))" }
        if b >= 0x80 {
            var end = position + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'\(source.text(position..<end))'"
        }
        return "'\(Character(UnicodeScalar(b)))'"
    }

    mutating func token(_ kind: TOMLTokenKind, _ end: Int) {
        tokens.append(TOMLToken(kind, position, end))
        position = end
    }

    mutating func close(_ kind: TOMLNodeKind, firstToken: Int, subtreeStart: Int) {
        nodes.append(
            TOMLNode(
                kind: kind, firstTokenIndex: UInt32(truncatingIfNeeded: firstToken),
                endTokenIndex: UInt32(truncatingIfNeeded: tokens.count), subtreeStartIndex: UInt32(truncatingIfNeeded: subtreeStart)))
    }

    mutating func skipWhitespace() {
        let end = lexer.whitespaceEnd(position)
        if end > position { token(.whitespace, end) }
    }

    /// Whitespace, newlines and comments, as arrays allow between their items.
    mutating func skipArrayTrivia() throws(TemplateError) {
        while position < bytes.count {
            skipWhitespace()
            guard position < bytes.count else { return }
            if bytes[position] == UInt8(ascii: "#") {
                token(.comment, try lexer.commentEnd(position))
            } else if let end = try lexer.newlineEnd(position) {
                token(.newline, end)
            } else {
                return
            }
        }
    }

    // MARK: Document

    mutating func run() throws(TemplateError) {
        guard bytes.count < Int(UInt32.max) else { throw error("the file is too large (4 GB or more)", at: 0) }
        if let bad = UTF8Validation.firstInvalid(bytes) {
            throw error("the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))", at: bad)
        }
        if source.hasByteOrderMark { token(.byteOrderMark, 3) }
        while true {
            skipWhitespace()
            guard position < bytes.count else { break }
            if let end = try lexer.newlineEnd(position) {
                token(.newline, end)
                continue
            }
            if bytes[position] == UInt8(ascii: "#") {
                token(.comment, try lexer.commentEnd(position))
                continue
            }
            if bytes[position] == UInt8(ascii: "[") {
                try parseHeader()
                try expectLineEnd(after: "the table header")
            } else {
                try parseKeyval(into: currentTable, section: section, path: [])
                try expectLineEnd(after: "the value")
            }
        }
        tokens.append(TOMLToken(.endOfFile, bytes.count, bytes.count))
        close(.toml, firstToken: 0, subtreeStart: 0)
    }

    /// After a key/value pair or a header: optional whitespace and comment,
    /// then a newline or the end of the file.
    mutating func expectLineEnd(after what: String) throws(TemplateError) {
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "#") {
            token(.comment, try lexer.commentEnd(position))
        }
        guard position < bytes.count else { return }
        if let end = try lexer.newlineEnd(position) {
            token(.newline, end)
            return
        }
        throw error("expected a new line after \(what), found \(found()) (one key/value pair or header per line)", at: position)
    }

    // MARK: Keys

    /// `Key`: simple keys joined by dots, with optional whitespace around the dots.
    mutating func parseKey() throws(TemplateError) -> [KeyPart] {
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        var parts: [KeyPart] = []
        while true {
            guard position < bytes.count else { throw error("expected a key, found the end of the file", at: position) }
            let b = bytes[position]
            let start = position
            if TOMLLexer.isBareKeyByte(b) {
                token(.bareKey, lexer.bareKeyEnd(position))
                parts.append((String(decoding: bytes[start..<position], as: UTF8.self), start))
            } else if b == TOMLLexer.quote || b == TOMLLexer.apostrophe {
                let (kind, end) = try lexer.string(at: position, allowMultiline: false)
                token(kind, end)
                parts.append((TOMLValues.decodeString(bytes, TOMLToken(kind, start, end)), start))
            } else {
                throw error(
                    "expected a key, found \(found()) (bare keys use A-Z a-z 0-9 _ -; quote any other key)", at: position)
            }
            let after = lexer.whitespaceEnd(position)
            guard after < bytes.count, bytes[after] == UInt8(ascii: ".") else { break }
            skipWhitespace()
            token(.dot, position + 1)
            skipWhitespace()
        }
        guard parts.count <= TOMLKeySpace.maxDepth else {
            throw error("the key has more than \(TOMLKeySpace.maxDepth) parts", at: parts[0].offset)
        }
        close(.key, firstToken: firstToken, subtreeStart: subtreeStart)
        return parts
    }

    static func render(_ parts: some Sequence<String>) -> String {
        Selector.render(parts.map { .key($0) })
    }

    // MARK: Key/value pairs

    /// `Keyval` into `table`. `path` is the table's key path, for messages.
    mutating func parseKeyval(into table: Int, section: Int, path: [String]) throws(TemplateError) {
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        let keys = try parseKey()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
            throw error("expected '=' after the key \(TOMLParser.render(keys.map(\.name))), found \(found())", at: position)
        }
        token(.equals, position + 1)
        skipWhitespace()
        let depth = space.tables[table].depth + keys.count
        let item = try parseValue(depth: depth)
        close(.keyval, firstToken: firstToken, subtreeStart: subtreeStart)
        try define(keys, item, in: table, section: section, path: path)
    }

    /// Enters `item` under the dotted key `keys` in `table`, creating the
    /// tables the dots imply, or throws where TOML forbids it.
    mutating func define(_ keys: [KeyPart], _ item: TOMLKeySpace.Item, in table: Int, section: Int, path: [String])
        throws(TemplateError)
    {
        var t = table
        var names = path
        for part in keys.dropLast() {
            names.append(part.name)
            // Rendered only for a message: most keys never need it.
            var here: String { TOMLParser.render(names) }
            if let (existing, firstAt) = space.find(part.name, in: t) {
                switch existing {
                case .table(let inner):
                    let record = space.tables[inner]
                    switch record.origin {
                    case .dotted where record.section == section, .root:
                        break
                    case .implicit:
                        // Dotted keys may fill in a table a longer header
                        // only implied; from then on it is theirs.
                        space.tables[inner].origin = .dotted
                        space.tables[inner].section = section
                    case .dotted:
                        throw error(
                            "the dotted key cannot add to '\(here)': that table was made by dotted keys in another section (at \(place(firstAt)))",
                            at: part.offset, notes: [.init("'\(here)' defined here", at: firstAt)])
                    case .header:
                        throw error(
                            "the dotted key cannot add to table [\(here)]: it is defined by its header at \(place(record.definedAt)); add the key under that header",
                            at: part.offset, notes: [.init("[\(here)] defined here", at: record.definedAt)])
                    case .inline:
                        throw error(
                            "the dotted key cannot add to '\(here)': it is an inline table (at \(place(firstAt))), complete as written",
                            at: part.offset, notes: [.init("'\(here)' defined here", at: firstAt)])
                    }
                    t = inner
                case .array:
                    throw error(
                        "'\(here)' is an array (defined at \(place(firstAt))), not a table; a dotted key cannot add to it",
                        at: part.offset, notes: [.init("'\(here)' defined here", at: firstAt)])
                case .scalar:
                    throw error(
                        "'\(here)' is already a value (defined at \(place(firstAt))), so it cannot also be a table",
                        at: part.offset, notes: [.init("'\(here)' defined here", at: firstAt)])
                }
            } else {
                let depth = space.tables[t].depth + 1
                guard depth <= TOMLKeySpace.maxDepth else {
                    throw error("tables nest deeper than \(TOMLKeySpace.maxDepth) levels", at: part.offset)
                }
                let inner = space.newTable(.dotted, section: section, depth: depth, at: part.offset)
                space.insert(.table(inner), named: part.name, at: part.offset, into: t)
                t = inner
            }
        }
        guard let last = keys.last else { return }
        if let (_, firstAt) = space.find(last.name, in: t) {
            names.append(last.name)
            let key = TOMLParser.render(names)
            throw error(
                "duplicate key '\(key)' (first defined at \(place(firstAt)))", at: last.offset,
                notes: [.init("'\(key)' first defined here", at: firstAt)])
        }
        space.insert(item, named: last.name, at: last.offset, into: t)
    }

    // MARK: Values

    /// A value: string, number, boolean, date-time, array or inline table.
    /// `depth` is how deeply it would nest, bounded by `TOMLKeySpace.maxDepth`.
    mutating func parseValue(depth: Int) throws(TemplateError) -> TOMLKeySpace.Item {
        guard position < bytes.count else { throw error("expected a value, found the end of the file", at: position) }
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        let b = bytes[position]
        switch b {
        case TOMLLexer.quote, TOMLLexer.apostrophe:
            let (kind, end) = try lexer.string(at: position, allowMultiline: true)
            token(kind, end)
            close(.string, firstToken: firstToken, subtreeStart: subtreeStart)
            return .scalar(nodes.count - 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "{"):
            return try parseInlineTable(depth: depth)
        default:
            let end = lexer.valueWordEnd(position)
            guard end > position else {
                throw error(
                    "expected a value (a string, number, boolean, date-time, array or inline table), found \(found())",
                    at: position)
            }
            guard let kind = TOMLValues.classify(bytes, position..<end) else {
                throw error(
                    "'\(source.text(position..<end))' is not a TOML value (strings need quotes; numbers, booleans and dates must be valid)",
                    at: position)
            }
            token(kind, end)
            let nodeKind: TOMLNodeKind
            switch kind {
            case .boolean: nodeKind = .boolean
            case .integer: nodeKind = .integer
            case .float: nodeKind = .float
            case .offsetDateTime: nodeKind = .offsetDateTime
            case .localDateTime: nodeKind = .localDateTime
            case .localDate: nodeKind = .localDate
            default: nodeKind = .localTime
            }
            close(nodeKind, firstToken: firstToken, subtreeStart: subtreeStart)
            return .scalar(nodes.count - 1)
        }
    }

    mutating func parseArray(depth: Int) throws(TemplateError) -> TOMLKeySpace.Item {
        let open = position
        guard depth <= TOMLKeySpace.maxDepth else {
            throw error("arrays and tables nest deeper than \(TOMLKeySpace.maxDepth) levels", at: open)
        }
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        token(.leftBracket, position + 1)
        let array = space.newArray(tableArray: false, depth: depth, at: open, node: -1)
        var items: [TOMLKeySpace.Item] = []
        while true {
            try skipArrayTrivia()
            guard position < bytes.count else {
                throw error("unterminated array: the '[' at \(place(open)) is never closed", at: open)
            }
            if bytes[position] == UInt8(ascii: "]") {
                token(.rightBracket, position + 1)
                break
            }
            items.append(try parseValue(depth: depth + 1))
            try skipArrayTrivia()
            guard position < bytes.count else {
                throw error("unterminated array: the '[' at \(place(open)) is never closed", at: open)
            }
            if bytes[position] == UInt8(ascii: ",") {
                token(.comma, position + 1)
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                token(.rightBracket, position + 1)
                break
            }
            throw error("expected ',' or ']' in the array opened at \(place(open)), found \(found())", at: position)
        }
        close(.array, firstToken: firstToken, subtreeStart: subtreeStart)
        space.arrays[array].node = nodes.count - 1
        space.arrays[array].items = items
        return .array(array)
    }

    mutating func parseInlineTable(depth: Int) throws(TemplateError) -> TOMLKeySpace.Item {
        let open = position
        guard depth <= TOMLKeySpace.maxDepth else {
            throw error("arrays and tables nest deeper than \(TOMLKeySpace.maxDepth) levels", at: open)
        }
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        token(.leftBrace, position + 1)
        let table = space.newTable(.inline, section: 0, depth: depth, at: open)
        // Dotted keys inside the braces may share tables with each other only.
        sectionCounter += 1
        let inlineSection = sectionCounter
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            token(.rightBrace, position + 1)
        } else {
            while true {
                try parseKeyval(into: table, section: inlineSection, path: [])
                skipWhitespace()
                guard position < bytes.count else {
                    throw error("unterminated inline table: the '{' at \(place(open)) is never closed", at: open)
                }
                if bytes[position] == UInt8(ascii: ",") {
                    token(.comma, position + 1)
                    skipWhitespace()
                    if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                        throw error("a trailing comma is not allowed in an inline table", at: position - 1)
                    }
                    continue
                }
                if bytes[position] == UInt8(ascii: "}") {
                    token(.rightBrace, position + 1)
                    break
                }
                if bytes[position] == TOMLLexer.lf || bytes[position] == TOMLLexer.cr {
                    throw error("an inline table must stay on one line; the '{' at \(place(open)) is not closed on it", at: position)
                }
                throw error("expected ',' or '}' in the inline table opened at \(place(open)), found \(found())", at: position)
            }
        }
        close(.inlineTable, firstToken: firstToken, subtreeStart: subtreeStart)
        return .table(table)
    }

    // MARK: Headers

    /// `StdTable` or `ArrayTable`; makes its table the current one.
    mutating func parseHeader() throws(TemplateError) {
        let open = position
        let firstToken = tokens.count
        let subtreeStart = nodes.count
        let isArray = position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "[")
        token(isArray ? .doubleLeftBracket : .leftBracket, position + (isArray ? 2 : 1))
        skipWhitespace()
        let keys = try parseKey()
        skipWhitespace()
        if isArray {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "]"), bytes[position + 1] == UInt8(ascii: "]") else {
                throw error("expected ']]' to close the array-of-tables header, found \(found())", at: position)
            }
            token(.doubleRightBracket, position + 2)
        } else {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "]") else {
                throw error("expected ']' to close the table header, found \(found())", at: position)
            }
            token(.rightBracket, position + 1)
        }
        close(isArray ? .arrayTable : .stdTable, firstToken: firstToken, subtreeStart: subtreeStart)
        sectionCounter += 1
        section = sectionCounter
        currentTable = try openHeader(keys, isArray: isArray, at: open)
    }

    /// Finds or creates the table a header names, by TOML's rules.
    mutating func openHeader(_ keys: [KeyPart], isArray: Bool, at open: Int) throws(TemplateError) -> Int {
        var t = 0
        var names: [String] = []
        for (i, part) in keys.enumerated() {
            names.append(part.name)
            // Rendered only for a message: most keys never need it.
            var here: String { TOMLParser.render(names) }
            let last = i == keys.count - 1
            let depth = space.tables[t].depth + 1
            guard let (existing, firstAt) = space.find(part.name, in: t) else {
                guard depth <= TOMLKeySpace.maxDepth else {
                    throw error("tables nest deeper than \(TOMLKeySpace.maxDepth) levels", at: part.offset)
                }
                if !last {
                    let inner = space.newTable(.implicit, section: 0, depth: depth, at: open)
                    space.insert(.table(inner), named: part.name, at: part.offset, into: t)
                    t = inner
                } else if isArray {
                    let array = space.newArray(tableArray: true, depth: depth, at: open, node: -1)
                    let element = space.newTable(.header, section: section, depth: depth, at: open)
                    space.arrays[array].items.append(.table(element))
                    space.insert(.array(array), named: part.name, at: part.offset, into: t)
                    t = element
                } else {
                    let inner = space.newTable(.header, section: section, depth: depth, at: open)
                    space.insert(.table(inner), named: part.name, at: part.offset, into: t)
                    t = inner
                }
                continue
            }
            var note: [TemplateError.Note] { [TemplateError.Note("'\(here)' defined here", at: firstAt)] }
            switch existing {
            case .scalar:
                throw error(
                    "'\(here)' is already a value (defined at \(place(firstAt))), so it cannot also be a table", at: part.offset,
                    notes: note)
            case .array(let a):
                let array = space.arrays[a]
                if !array.isTableArray {
                    throw error(
                        isArray && last
                            ? "[[\(here)]] cannot append to '\(here)': it is a static array (defined at \(place(firstAt))), not an array of tables"
                            : "'\(here)' is a static array (defined at \(place(firstAt))), not a table", at: part.offset, notes: note)
                }
                if !last {
                    guard case .table(let element)? = array.items.last else { return t }
                    t = element
                } else if isArray {
                    let element = space.newTable(.header, section: section, depth: depth, at: open)
                    space.arrays[a].items.append(.table(element))
                    t = element
                } else {
                    throw error(
                        "table [\(here)] cannot be defined: '\(here)' is an array of tables ([[\(here)]] at \(place(array.definedAt)))",
                        at: open, notes: [.init("[[\(here)]] first defined here", at: array.definedAt)])
                }
            case .table(let inner):
                let record = space.tables[inner]
                if record.origin == .inline {
                    throw error(
                        "'\(here)' is an inline table (defined at \(place(firstAt))), complete as written; a header cannot add to it",
                        at: part.offset, notes: note)
                }
                if !last {
                    t = inner
                } else if isArray {
                    throw error(
                        "[[\(here)]] cannot define an array of tables: '\(here)' is already a table (defined at \(place(record.definedAt)))",
                        at: open, notes: [.init("'\(here)' defined here", at: record.definedAt)])
                } else {
                    switch record.origin {
                    case .implicit:
                        space.tables[inner].origin = .header
                        space.tables[inner].section = section
                        space.tables[inner].definedAt = open
                        t = inner
                    case .dotted:
                        throw error(
                            "table [\(here)] is already defined by dotted keys (at \(place(firstAt))); a header cannot reopen it",
                            at: open, notes: note)
                    default:
                        throw error(
                            "table [\(here)] is defined twice (first at \(place(record.definedAt)))", at: open,
                            notes: [.init("[\(here)] first defined here", at: record.definedAt)])
                    }
                }
            }
        }
        return t
    }
}
