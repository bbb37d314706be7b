import TemplateSyntax

/// A recursive-descent parser over the token stream, building the flat
/// post-order node array of an `HCLTree`. It follows `grammars/hcl.ebnf`;
/// each `parseX` function is named after the production it implements.
struct HCLParser {
    /// How deeply expressions, blocks and template directives may nest. Real
    /// files stay far below; the bound keeps hostile input from exhausting
    /// the stack.
    static let maxDepth = 1000

    let source: SourceText
    let tokens: [HCLToken]
    var nodes: [HCLNode] = []
    /// Index of the next token to look at (it may be trivia).
    var cursor = 0
    /// Index of the last significant token consumed.
    var lastConsumed = -1
    /// Whether newlines are currently insignificant: true inside brackets,
    /// parentheses, calls and template sequences; false in bodies and
    /// object constructors, where a newline ends an item. Pushed and popped
    /// inline rather than through a closure, which would add stack frames
    /// per nesting level; an error ends the whole parse, so nothing needs
    /// popping on the way out.
    var newlinesIgnored: [Bool] = [false]
    /// The innermost entry of `newlinesIgnored`, kept apart because every
    /// look at the next token reads it.
    var skipNewlines = false
    var depth = 0
    /// Stops the parse with an error when the thread's stack runs low,
    /// whatever the build mode or the caller's stack size.
    let stack = StackGuard()

    init(source: SourceText, tokens: [HCLToken]) {
        self.source = source
        self.tokens = tokens
        nodes.reserveCapacity(tokens.count / 2 + 1)
    }

    /// Parses a whole configuration file.
    static func parse(_ source: SourceText) throws(TemplateError) -> HCLTree {
        try parse(source, tokens: HCLLexer.tokenize(source))
    }

    /// Parses `source` from `tokens`, the lexer's tokens of it.
    static func parse(_ source: SourceText, tokens: [HCLToken]) throws(TemplateError) -> HCLTree {
        var parser = HCLParser(source: source, tokens: tokens)
        try parser.parseConfigFile()
        return HCLTree(tokens: tokens, nodes: parser.nodes)
    }

    // MARK: - Token access

    mutating func pushNewlines(ignored: Bool) {
        newlinesIgnored.append(ignored)
        skipNewlines = ignored
    }

    mutating func popNewlines() {
        newlinesIgnored.removeLast()
        skipNewlines = newlinesIgnored.last ?? false
    }

    /// Index of the next significant token from `from`.
    @inline(__always)
    func peekIndex() -> Int { peekIndex(from: cursor) }

    /// Called for nearly every token, often more than once: one tight loop
    /// over the token buffer (the lexer always ends the tokens with
    /// `endOfFile`, so there is a last one, and only indices below it are read).
    func peekIndex(from start: Int) -> Int {
        tokens.withUnsafeBufferPointer { tokens in
            let last = tokens.count - 1
            var i = max(start, 0)
            let skipNewlines = skipNewlines
            while i < last {
                let kind = tokens[i].kind
                if kind.isTrivia || (skipNewlines && kind == .newline) {
                    i += 1
                } else {
                    break
                }
            }
            return min(i, last)
        }
    }

    func peek() -> HCLTokenKind { tokens[peekIndex()].kind }

    /// The kind of the significant token after the next one.
    func peekSecond() -> HCLTokenKind {
        let first = peekIndex()
        return tokens[peekIndex(from: first + 1)].kind
    }

    func text(_ index: Int) -> String { source.text(tokens[index].range) }

    func isKeyword(_ index: Int, _ word: StaticString) -> Bool {
        let token = tokens[index]
        guard token.kind == .identifier, token.end - token.start == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            for i in 0..<buffer.count where buffer[i] != source.bytes[token.start + i] { return false }
            return true
        }
    }

    @discardableResult
    mutating func advance() -> Int {
        let i = peekIndex()
        if tokens[i].kind != .endOfFile { cursor = i + 1 }
        lastConsumed = i
        return i
    }

    mutating func expect(_ kind: HCLTokenKind, _ what: @autoclosure () -> String) throws(TemplateError) -> Int {
        try require(kind, what())
        return advance()
    }

    /// Throws "expected X, found Y" unless the next significant token is a
    /// `kind`. The message is built only on failure: many name the place an
    /// opener was, and working out a line and column for every string and
    /// interpolation cost more than parsing them. (Not part of `expect`,
    /// which mutates the parser: a message reading it could not be deferred.)
    func require(_ kind: HCLTokenKind, _ what: @autoclosure () -> String) throws(TemplateError) {
        let i = peekIndex()
        guard tokens[i].kind == kind else { throw unexpected(i, expected: what()) }
    }

    /// "expected X, found Y" at token `index`.
    func unexpected(_ index: Int, expected what: String) -> TemplateError {
        TemplateError(.syntax, "\(what), found \(describe(index))", at: tokens[index].start)
    }

    func describe(_ index: Int) -> String {
        let token = tokens[index]
        switch token.kind {
        case .identifier: return "'\(text(index))'"
        case .number: return "the number \(text(index))"
        case .endOfFile: return "the end of the file"
        case .newline: return "the end of the line"
        case .templateLiteral: return "text"
        default: return token.kind.displayName
        }
    }

    func location(_ index: Int) -> String { source.location(of: tokens[index].start).description }

    mutating func finish(_ kind: HCLNodeKind, first: Int, mark: Int) {
        let end = max(first, lastConsumed + 1)
        nodes.append(
            HCLNode(
                kind: kind, firstTokenIndex: UInt32(truncatingIfNeeded: first), endTokenIndex: UInt32(truncatingIfNeeded: end),
                subtreeStartIndex: UInt32(truncatingIfNeeded: mark)))
    }

    mutating func enter(at index: Int) throws(TemplateError) {
        depth += 1
        if depth > HCLParser.maxDepth || stack.isNearlyExhausted() {
            throw TemplateError(
                .syntax, "nesting too deep: \(depth) levels of blocks, brackets or templates (the limit is \(HCLParser.maxDepth))",
                at: tokens[index].start)
        }
    }

    mutating func leave() { depth -= 1 }


    // MARK: - Structure

    mutating func parseConfigFile() throws(TemplateError) {
        try parseBody(openBrace: nil)
        let mark = 0
        _ = try expect(.endOfFile, "expected the end of the file")
        nodes.append(
            HCLNode(
                kind: .configFile, firstTokenIndex: 0, endTokenIndex: UInt32(truncatingIfNeeded: tokens.count),
                subtreeStartIndex: UInt32(truncatingIfNeeded: mark)))
    }

    /// `Body = (Attribute | Block | OneLineBlock)*`. `openBrace` is the
    /// token index of the enclosing block's `{`, nil at the top level.
    mutating func parseBody(openBrace: Int?) throws(TemplateError) {
        let mark = nodes.count
        let first = peekIndex()
        while true {
            let i = peekIndex()
            switch tokens[i].kind {
            case .newline:
                advance()
            case .endOfFile:
                if let open = openBrace {
                    throw TemplateError(
                        .syntax, "unclosed block: expected '}' to close the block opened at \(location(open))",
                        at: tokens[i].start, notes: [.init("the block opens here", at: tokens[open].start)])
                }
                finish(.body, first: first, mark: mark)
                return
            case .rightBrace:
                guard openBrace != nil else {
                    throw TemplateError(.syntax, "unexpected '}': no block is open here", at: tokens[i].start)
                }
                finish(.body, first: first, mark: mark)
                return
            case .identifier:
                try parseAttributeOrBlock(singleLine: false)
                // Each attribute and block ends its line.
                let next = peekIndex()
                switch tokens[next].kind {
                case .newline, .endOfFile: break
                case .comma:
                    throw TemplateError(
                        .syntax, "unexpected ',': each attribute must be on its own line", at: tokens[next].start)
                default:
                    throw unexpected(next, expected: "expected a newline after the attribute or block")
                }
            default:
                throw unexpected(i, expected: "expected an attribute name or a block type")
            }
        }
    }

    /// `Attribute = Identifier "=" Expression` or `Block = Identifier
    /// (StringLit | Identifier)* "{" ...`, told apart by the token after the name.
    mutating func parseAttributeOrBlock(singleLine: Bool) throws(TemplateError) {
        let mark = nodes.count
        let name = advance()
        let next = peekIndex()
        switch tokens[next].kind {
        case .equals:
            advance()
            try parseExpression()
            finish(.attribute, first: name, mark: mark)
        case .identifier, .openQuote, .leftBrace:
            if singleLine {
                throw TemplateError(
                    .syntax, "a single-line block cannot contain another block: put it on lines of its own",
                    at: tokens[name].start)
            }
            try parseBlock(name: name, mark: mark)
        default:
            throw unexpected(next, expected: "expected '=' after '\(text(name))', or a label or '{' to start a block")
        }
    }

    mutating func parseBlock(name: Int, mark: Int) throws(TemplateError) {
        try enter(at: name)
        defer { leave() }
        while true {
            let i = peekIndex()
            let kind = tokens[i].kind
            if kind == .identifier {
                let labelMark = nodes.count
                advance()
                finish(.blockLabel, first: i, mark: labelMark)
            } else if kind == .openQuote {
                try parseStringLabel()
            } else {
                break
            }
        }
        try require(.leftBrace, "expected '{' to open the block '\(text(name))'")
        let open = advance()
        let bodyMark = nodes.count
        let next = peekIndex()
        switch tokens[next].kind {
        case .newline:
            try parseBody(openBrace: open)
            advance()  // the `}` parseBody stopped at
        case .rightBrace:
            finish(.body, first: next, mark: bodyMark)
            advance()
        case .identifier:
            // OneLineBlock: `type labels { name = value }`.
            let first = next
            try parseAttributeOrBlock(singleLine: true)
            let close = peekIndex()
            switch tokens[close].kind {
            case .rightBrace:
                break
            case .comma:
                throw TemplateError(
                    .syntax, "a single-line block holds only one attribute: put each attribute on its own line",
                    at: tokens[close].start)
            case .newline:
                throw TemplateError(
                    .syntax, "the closing '}' of a single-line block must be on the same line as its '{'",
                    at: tokens[close].start)
            default:
                throw unexpected(close, expected: "expected '}' to close the single-line block")
            }
            finish(.body, first: first, mark: bodyMark)
            advance()
        case .endOfFile:
            throw TemplateError(
                .syntax, "unclosed block: expected '}' to close the block opened at \(location(open))",
                at: tokens[next].start, notes: [.init("the block opens here", at: tokens[open].start)])
        default:
            throw unexpected(next, expected: "expected a newline, an attribute or '}' after '{'")
        }
        finish(.block, first: name, mark: mark)
    }

    /// A quoted block label: `StringLit`, a quoted string with no templates.
    mutating func parseStringLabel() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        while true {
            let i = peekIndex()
            switch tokens[i].kind {
            case .templateLiteral:
                advance()
            case .closeQuote:
                advance()
                finish(.blockLabel, first: open, mark: mark)
                return
            case .templateInterp, .templateControl:
                throw TemplateError(
                    .syntax, "a block label cannot contain '${' or '%{': labels are plain strings", at: tokens[i].start)
            default:
                throw unexpected(i, expected: "expected the closing '\"' of the block label")
            }
        }
    }

    // MARK: - Expressions

    /// `Expression = ExprTerm | Operation | Conditional`.
    mutating func parseExpression() throws(TemplateError) {
        let first = peekIndex()
        try enter(at: first)
        defer { leave() }
        let mark = nodes.count
        try parseBinary(minimumPrecedence: 1)
        if peek() == .question {
            advance()
            try parseExpression()
            _ = try expect(.colon, "expected ':' and the false result of the conditional")
            try parseExpression()
            finish(.conditional, first: first, mark: mark)
        }
    }

    static func precedence(_ kind: HCLTokenKind) -> Int? {
        switch kind {
        case .orOr: return 1
        case .andAnd: return 2
        case .equalEqual, .bangEqual: return 3
        case .less, .lessEqual, .greater, .greaterEqual: return 4
        case .plus, .minus: return 5
        case .star, .slash, .percent: return 6
        default: return nil
        }
    }

    /// `binaryOp = ExprTerm binaryOperator ExprTerm`, by precedence climbing:
    /// one loop per level instead of one function per level keeps the stack
    /// shallow for deeply nested input.
    mutating func parseBinary(minimumPrecedence: Int) throws(TemplateError) {
        let first = peekIndex()
        let mark = nodes.count
        try parseUnary()
        while let precedence = HCLParser.precedence(peek()), precedence >= minimumPrecedence {
            advance()
            try parseBinary(minimumPrecedence: precedence + 1)
            finish(.binaryOp, first: first, mark: mark)
        }
    }

    /// `unaryOp = ("-" | "!") ExprTerm`.
    mutating func parseUnary() throws(TemplateError) {
        let first = peekIndex()
        let kind = tokens[first].kind
        guard kind == .minus || kind == .bang else {
            try parsePostfix()
            return
        }
        try enter(at: first)
        defer { leave() }
        let mark = nodes.count
        advance()
        try parseUnary()
        finish(.unaryOp, first: first, mark: mark)
    }

    /// `ExprTerm (Index | GetAttr | LegacyIndex | Splat)*`.
    mutating func parsePostfix() throws(TemplateError) {
        let first = peekIndex()
        let mark = nodes.count
        try parseTerm()
        while true {
            let i = peekIndex()
            switch tokens[i].kind {
            case .dot:
                let after = peekIndex(from: i + 1)
                switch tokens[after].kind {
                case .identifier:
                    advance()
                    advance()
                    finish(.getAttr, first: first, mark: mark)
                case .number:
                    guard source.bytes[tokens[after].range].allSatisfy(HCLLexer.isDigit) else {
                        throw TemplateError(
                            .syntax, "a legacy index after '.' must be a whole number like .0, not \(text(after))",
                            at: tokens[after].start)
                    }
                    advance()
                    advance()
                    finish(.legacyIndex, first: first, mark: mark)
                case .star:
                    advance()
                    advance()
                    finish(.attrSplat, first: first, mark: mark)
                default:
                    throw unexpected(after, expected: "expected an attribute name, an index or '*' after '.'")
                }
            case .leftBracket:
                advance()
                pushNewlines(ignored: true)
                if peek() == .star && peekSecond() == .rightBracket {
                    advance()
                    advance()
                    finish(.fullSplat, first: first, mark: mark)
                } else {
                    try parseExpression()
                    _ = try expect(.rightBracket, "expected ']' to close the index")
                    finish(.index, first: first, mark: mark)
                }
                popNewlines()
            default:
                return
            }
        }
    }

    /// The terms that start an expression.
    mutating func parseTerm() throws(TemplateError) {
        let i = peekIndex()
        let mark = nodes.count
        switch tokens[i].kind {
        case .number:
            advance()
            finish(.literalValue, first: i, mark: mark)
        case .identifier:
            let next = peekIndex(from: i + 1)
            let nextKind = tokens[next].kind
            if nextKind == .leftParen || nextKind == .doubleColon {
                try parseFunctionCall()
            } else if isKeyword(i, "true") || isKeyword(i, "false") || isKeyword(i, "null") {
                advance()
                finish(.literalValue, first: i, mark: mark)
            } else {
                advance()
                finish(.variableExpr, first: i, mark: mark)
            }
        case .openQuote:
            try parseQuotedTemplate()
        case .heredocBegin:
            try parseHeredocTemplate()
        case .leftBracket:
            try parseTuple()
        case .leftBrace:
            try parseObject()
        case .leftParen:
            advance()
            pushNewlines(ignored: true)
            try parseExpression()
            try require(.rightParen, "expected ')' to close the '(' at \(location(i))")
            advance()
            popNewlines()
            finish(.parenthesized, first: i, mark: mark)
        case .rightBrace:
            throw TemplateError(.syntax, "unexpected '}': expected a value", at: tokens[i].start)
        default:
            throw unexpected(i, expected: "expected a value")
        }
    }

    /// `FunctionCall = Identifier ("::" Identifier)* "(" arguments ")"`.
    mutating func parseFunctionCall() throws(TemplateError) {
        let mark = nodes.count
        let first = advance()
        while peek() == .doubleColon {
            advance()
            _ = try expect(.identifier, "expected a name after '::'")
        }
        try require(.leftParen, "expected '(' to call the function '\(text(first))'")
        let open = advance()
        pushNewlines(ignored: true)
        while peek() != .rightParen {
            try parseExpression()
            let next = peek()
            if next == .comma {
                advance()
            } else if next == .ellipsis {
                advance()
                break
            } else {
                break
            }
        }
        let close = peekIndex()
        guard tokens[close].kind == .rightParen else {
            throw unexpected(close, expected: "expected ',' or ')' in the call opened at \(location(open))")
        }
        advance()
        popNewlines()
        finish(.functionCall, first: first, mark: mark)
    }

    /// `tuple = "[" (Expression ("," Expression)* ","?)? "]"`, or `forTupleExpr`.
    mutating func parseTuple() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        var isFor = false
        pushNewlines(ignored: true)
        if isKeyword(peekIndex(), "for") {
            isFor = true
            try parseForIntroAndBody(object: false)
        } else {
            while peek() != .rightBracket {
                try parseExpression()
                if peek() == .comma { advance() } else { break }
            }
        }
        let close = peekIndex()
        guard tokens[close].kind == .rightBracket else {
            throw unexpected(close, expected: "expected ',' or ']' in the list opened at \(location(open))")
        }
        advance()
        popNewlines()
        finish(isFor ? .forExpr : .tuple, first: open, mark: mark)
    }

    /// `object = "{" (objectelem (("," | Newline) objectelem)* ","?)? "}"`, or `forObjectExpr`.
    mutating func parseObject() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        // `for` may sit on the next line: look past newlines for it.
        pushNewlines(ignored: true)
        let isFor = isKeyword(peekIndex(), "for")
        popNewlines()
        if isFor {
            pushNewlines(ignored: true)
            try parseForIntroAndBody(object: true)
            try require(.rightBrace, "expected '}' to close the for expression opened at \(location(open))")
            advance()
            popNewlines()
            finish(.forExpr, first: open, mark: mark)
            return
        }
        pushNewlines(ignored: false)
        while true {
            while peek() == .newline { advance() }
            if peek() == .rightBrace { break }
            let elemMark = nodes.count
            let elemFirst = peekIndex()
            if tokens[elemFirst].kind == .endOfFile {
                throw TemplateError(
                    .syntax, "unclosed object: expected '}' to close the '{' opened at \(location(open))",
                    at: tokens[elemFirst].start, notes: [.init("the object opens here", at: tokens[open].start)])
            }
            try parseExpression()
            let sep = peekIndex()
            guard tokens[sep].kind == .equals || tokens[sep].kind == .colon else {
                throw unexpected(sep, expected: "expected '=' or ':' after the object key")
            }
            advance()
            try parseExpression()
            finish(.objectElem, first: elemFirst, mark: elemMark)
            let next = peekIndex()
            switch tokens[next].kind {
            case .comma: advance()
            case .newline, .rightBrace: break
            case .endOfFile:
                throw TemplateError(
                    .syntax, "unclosed object: expected '}' to close the '{' opened at \(location(open))",
                    at: tokens[next].start, notes: [.init("the object opens here", at: tokens[open].start)])
            default:
                throw unexpected(next, expected: "expected ',', a newline or '}' after the object item")
            }
        }
        advance()  // `}`
        popNewlines()
        finish(.object, first: open, mark: mark)
    }

    /// `"for" Identifier ("," Identifier)? "in" Expression`: the head shared
    /// by for expressions and `%{ for }` directives.
    mutating func parseForClause(in construct: String) throws(TemplateError) {
        advance()  // `for`
        _ = try expect(.identifier, "expected a variable name after 'for'")
        if peek() == .comma {
            advance()
            _ = try expect(.identifier, "expected a second variable name after ','")
        }
        let keyword = peekIndex()
        guard isKeyword(keyword, "in") else { throw unexpected(keyword, expected: "expected 'in' in \(construct)") }
        advance()
        try parseExpression()
    }

    /// `forIntro Expression ("=>" Expression "..."?)? forCond?`, after the
    /// opening bracket; the caller consumes the closing one.
    mutating func parseForIntroAndBody(object: Bool) throws(TemplateError) {
        try parseForClause(in: "the for expression")
        _ = try expect(.colon, "expected ':' after the collection of the for expression")
        try parseExpression()
        if object {
            _ = try expect(.fatArrow, "expected '=>' between the key and the value of the for expression")
            try parseExpression()
            if peek() == .ellipsis { advance() }
        }
        if isKeyword(peekIndex(), "if") {
            advance()
            try parseExpression()
        }
    }

    // MARK: - Templates

    /// `quotedTemplate = '"' Template '"'`.
    mutating func parseQuotedTemplate() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        try parseTemplate()
        try require(.closeQuote, "expected the closing '\"' of the string opened at \(location(open))")
        advance()
        finish(.templateExpr, first: open, mark: mark)
    }

    /// `heredocTemplate = ("<<" | "<<-") Identifier Newline Template Identifier`.
    mutating func parseHeredocTemplate() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        try parseTemplate()
        try require(.heredocEnd, "expected the end marker of the heredoc opened at \(location(open))")
        advance()
        finish(.heredocTemplate, first: open, mark: mark)
    }

    /// A whole template: items, with no stray `else`/`endif`/`endfor`.
    mutating func parseTemplate() throws(TemplateError) {
        try parseTemplateItems()
        let i = peekIndex()
        if tokens[i].kind == .templateControl {
            let keyword = peekIndex(from: i + 1)
            throw TemplateError(
                .syntax, "unexpected '%{ \(text(keyword)) }': there is no matching '%{ if }' or '%{ for }'", at: tokens[i].start)
        }
    }

    /// `(TemplateLiteral | TemplateInterpolation | TemplateDirective)*`,
    /// stopping before anything else (a closing quote or marker, or a
    /// directive keyword that belongs to an enclosing `if`/`for`).
    mutating func parseTemplateItems() throws(TemplateError) {
        while true {
            let i = peekIndex()
            switch tokens[i].kind {
            case .templateLiteral:
                advance()
            case .templateInterp:
                try parseTemplateInterpolation()
            case .templateControl:
                let keyword = peekIndex(from: i + 1)
                if isKeyword(keyword, "if") {
                    try parseTemplateIf()
                } else if isKeyword(keyword, "for") {
                    try parseTemplateFor()
                } else if isKeyword(keyword, "else") || isKeyword(keyword, "endif") || isKeyword(keyword, "endfor") {
                    return
                } else {
                    throw unexpected(keyword, expected: "expected if, else, endif, for or endfor after '%{'")
                }
            default:
                return
            }
        }
    }

    /// `TemplateInterpolation = ("${" | "${~") Expression ("}" | "~}")`.
    mutating func parseTemplateInterpolation() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        pushNewlines(ignored: true)
        try parseExpression()
        try require(.templateSeqEnd, "expected '}' to close the '${' at \(location(open))")
        advance()
        popNewlines()
        finish(.templateInterpolation, first: open, mark: mark)
    }

    /// `%{ keyword ... }` for keywords without an expression (`else`,
    /// `endif`, `endfor`); returns false when the next directive is not `word`.
    mutating func parseBareDirective(_ word: StaticString) throws(TemplateError) -> Bool {
        let i = peekIndex()
        guard tokens[i].kind == .templateControl, isKeyword(peekIndex(from: i + 1), word) else { return false }
        advance()
        pushNewlines(ignored: true)
        advance()
        _ = try expect(.templateSeqEnd, "expected '}' to end the directive")
        popNewlines()
        return true
    }

    /// `TemplateIf = "%{" "if" Expression "}" Template ("%{" "else" "}" Template)? "%{" "endif" "}"`.
    mutating func parseTemplateIf() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        try enter(at: open)
        defer { leave() }
        pushNewlines(ignored: true)
        advance()  // `if`
        try parseExpression()
        _ = try expect(.templateSeqEnd, "expected '}' to end the '%{ if' directive")
        popNewlines()
        try parseTemplateItems()
        if try parseBareDirective("else") {
            try parseTemplateItems()
        }
        guard try parseBareDirective("endif") else {
            throw unexpected(peekIndex(), expected: "expected '%{ endif }' to close the '%{ if }' at \(location(open))")
        }
        finish(.templateIf, first: open, mark: mark)
    }

    /// `TemplateFor = "%{" "for" Identifier ("," Identifier)? "in" Expression "}" Template "%{" "endfor" "}"`.
    mutating func parseTemplateFor() throws(TemplateError) {
        let mark = nodes.count
        let open = advance()
        try enter(at: open)
        defer { leave() }
        pushNewlines(ignored: true)
        try parseForClause(in: "the '%{ for' directive")
        _ = try expect(.templateSeqEnd, "expected '}' to end the '%{ for' directive")
        popNewlines()
        try parseTemplateItems()
        guard try parseBareDirective("endfor") else {
            throw unexpected(peekIndex(), expected: "expected '%{ endfor }' to close the '%{ for }' at \(location(open))")
        }
        finish(.templateFor, first: open, mark: mark)
    }
}
