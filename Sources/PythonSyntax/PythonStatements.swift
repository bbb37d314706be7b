/// Groups the tokens of a module into module-level statements and
/// understands the simple assignments among them (`grammars/python.ebnf`).
///
/// Everything else is kept as opaque runs of tokens: tplpatch never looks
/// inside a `def`, a `class`, an `if` or a `try`, so it cannot mistake a
/// value assigned there for the module's.
struct PythonStatements {
    let bytes: [UInt8]
    let tokens: [PythonToken]
    private(set) var nodes: [PythonNode] = []

    static func build(_ bytes: [UInt8], _ tokens: [PythonToken]) -> [PythonNode] {
        var builder = PythonStatements(bytes: bytes, tokens: tokens)
        builder.nodes.reserveCapacity(tokens.count / 8 + 4)
        builder.run()
        return builder.nodes
    }

    // MARK: Token tests

    private func isOp(_ t: Int, _ text: StaticString) -> Bool {
        let token = tokens[t]
        guard token.kind == .op, token.range.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in
            var k = 0
            for i in token.range {
                if bytes[i] != expected[k] { return false }
                k += 1
            }
            return true
        }
    }

    private func isWord(_ t: Int, _ text: StaticString) -> Bool {
        let token = tokens[t]
        guard token.kind == .name, token.range.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in
            var k = 0
            for i in token.range {
                if bytes[i] != expected[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Python's hard keywords: names that can never be assigned to.
    static let keywords: Set<[UInt8]> = Set(
        [
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
            "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
            "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        ].map { Array($0.utf8) })

    /// Keywords that open a compound statement (a block follows its colon).
    static let compoundKeywords: Set<[UInt8]> = Set(
        ["if", "elif", "else", "while", "for", "try", "except", "finally", "with", "def", "class", "async"].map { Array($0.utf8) })

    private func text(_ t: Int) -> [UInt8] { Array(bytes[tokens[t].range]) }

    private func isAssignableName(_ t: Int) -> Bool {
        guard tokens[t].kind == .name else { return false }
        // No keyword is longer than eight bytes; skip the set lookup for the rest.
        return tokens[t].range.count > 8 || !PythonStatements.keywords.contains(text(t))
    }

    private func opensBracket(_ t: Int) -> Bool { isOp(t, "(") || isOp(t, "[") || isOp(t, "{") }
    private func closesBracket(_ t: Int) -> Bool { isOp(t, ")") || isOp(t, "]") || isOp(t, "}") }

    // MARK: Statements

    private mutating func run() {
        var t = 0
        let count = tokens.count
        while t < count {
            switch tokens[t].kind {
            case .comment, .nl, .newline, .dedent, .endMarker:
                t += 1
                continue
            default:
                break
            }
            // The logical line: up to and including its NEWLINE.
            var e = t
            while e < count && tokens[e].kind != .newline && tokens[e].kind != .endMarker { e += 1 }
            let lineEnd = e < count && tokens[e].kind == .newline ? e + 1 : e
            var next = lineEnd
            while next < count && (tokens[next].kind == .comment || tokens[next].kind == .nl) { next += 1 }
            let startsBlock = tokens[t].kind == .indent
            let hasBody = next < count && tokens[next].kind == .indent
            let compound =
                startsBlock || hasBody || isOp(t, "@")
                || (tokens[t].kind == .name && tokens[t].range.count <= 7 && PythonStatements.compoundKeywords.contains(text(t)))
            if compound {
                var end = lineEnd
                if startsBlock || hasBody {
                    // Through the DEDENT that closes the block.
                    var k = startsBlock ? t : next
                    var depth = 0
                    while k < count {
                        if tokens[k].kind == .indent { depth += 1 }
                        if tokens[k].kind == .dedent {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        k += 1
                    }
                    end = min(k + 1, count)
                }
                nodes.append(PythonNode(.compoundStatement, tokens: t..<end, subtreeEnd: nodes.count + 1))
                t = end
                continue
            }
            simpleStatements(t..<lineEnd, content: t..<e)
            t = lineEnd
        }
    }

    /// One logical line of simple statements separated by `;`.
    private mutating func simpleStatements(_ line: Range<Int>, content: Range<Int>) {
        let lineNode = nodes.count
        nodes.append(PythonNode(.simpleStatements, tokens: line, subtreeEnd: 0))
        var depth = 0
        var start = content.lowerBound
        for t in content {
            if opensBracket(t) {
                depth += 1
            } else if closesBracket(t) {
                depth -= 1
            } else if depth == 0 && isOp(t, ";") {
                smallStatement(start..<t)
                start = t + 1
            }
        }
        if start < content.upperBound { smallStatement(start..<content.upperBound) }
        nodes[lineNode].subtreeEnd = UInt32(truncatingIfNeeded: nodes.count)
    }

    private mutating func smallStatement(_ range: Range<Int>) {
        let significant = range.filter { tokens[$0].isSignificant }
        guard let first = significant.first, let last = significant.last else { return }
        let whole = first..<(last + 1)
        if significant.count >= 3, isAssignableName(first) {
            if isOp(significant[1], "=") {
                var targets = [first]
                var p = 2
                while p + 1 < significant.count && isAssignableName(significant[p]) && isOp(significant[p + 1], "=") {
                    targets.append(significant[p])
                    p += 2
                }
                if p < significant.count {
                    let node = nodes.count
                    nodes.append(PythonNode(.assignment, tokens: whole, subtreeEnd: 0))
                    for target in targets { nodes.append(PythonNode(.target, tokens: target..<(target + 1), subtreeEnd: nodes.count + 1)) }
                    value(Array(significant[p...]))
                    nodes[node].subtreeEnd = UInt32(truncatingIfNeeded: nodes.count)
                    return
                }
            } else if isOp(significant[1], ":") {
                var depth = 0
                var equals: Int? = nil
                for p in 2..<significant.count {
                    let t = significant[p]
                    if opensBracket(t) { depth += 1 } else if closesBracket(t) { depth -= 1 }
                    if depth == 0 && isOp(t, "=") {
                        equals = p
                        break
                    }
                }
                if let q = equals, q > 2, q + 1 < significant.count {
                    let node = nodes.count
                    nodes.append(PythonNode(.annotatedAssignment, tokens: whole, subtreeEnd: 0))
                    nodes.append(PythonNode(.target, tokens: first..<(first + 1), subtreeEnd: nodes.count + 1))
                    let annotation = significant[2]..<(significant[q - 1] + 1)
                    nodes.append(PythonNode(.annotation, tokens: annotation, subtreeEnd: nodes.count + 1))
                    value(Array(significant[(q + 1)...]))
                    nodes[node].subtreeEnd = UInt32(truncatingIfNeeded: nodes.count)
                    return
                }
            }
        }
        nodes.append(PythonNode(.otherStatement, tokens: whole, subtreeEnd: nodes.count + 1))
    }

    // MARK: Values

    /// The literal the significant tokens `v` spell, if they are one.
    private func literal(_ v: ArraySlice<Int>) -> PythonNode.Kind? {
        guard let first = v.first else { return nil }
        if v.count == 2 && isOp(first, "-") && tokens[v[v.startIndex + 1]].kind == .number { return .number }
        guard v.count == 1 else { return nil }
        switch tokens[first].kind {
        case .number:
            return .number
        case .string:
            let isBytes = bytes.withUnsafeBufferPointer { buffer -> Bool in
                let range = tokens[first].range
                var q = range.lowerBound
                while q < range.upperBound && bytes[q] != 0x22 && bytes[q] != 0x27 { q += 1 }
                return StringPrefix(buffer, tokens[first].range.lowerBound..<q)?.isBytes ?? true
            }
            return isBytes ? nil : .string
        case .name:
            if isWord(first, "True") { return .trueLiteral }
            if isWord(first, "False") { return .falseLiteral }
            if isWord(first, "None") { return .noneLiteral }
            return nil
        default:
            return nil
        }
    }

    private mutating func appendLiteral(_ kind: PythonNode.Kind, _ v: ArraySlice<Int>) {
        guard let first = v.first, let last = v.last else { return }
        nodes.append(PythonNode(kind, tokens: first..<(last + 1), subtreeEnd: nodes.count + 1))
    }

    /// Splits `v` at top-level commas; nil unless every element is a literal.
    private func literalElements(_ v: ArraySlice<Int>) -> [(PythonNode.Kind, ArraySlice<Int>)]? {
        var elements: [(PythonNode.Kind, ArraySlice<Int>)] = []
        var start = v.startIndex
        var p = v.startIndex
        while p <= v.endIndex {
            if p == v.endIndex || isOp(v[p], ",") {
                let element = v[start..<p]
                if element.isEmpty {
                    // Only a single trailing comma may leave an empty element.
                    guard p == v.endIndex, !elements.isEmpty, start > v.startIndex else { return nil }
                    break
                }
                guard let kind = literal(element) else { return nil }
                elements.append((kind, element))
                start = p + 1
            }
            p += 1
        }
        return elements
    }

    private mutating func value(_ significant: [Int]) {
        let v = significant[...]
        guard let first = v.first, let last = v.last else { return }
        if let kind = literal(v) {
            appendLiteral(kind, v)
            return
        }
        var inner: ArraySlice<Int>? = nil
        if isOp(first, "("), isOp(last, ")"), v.count >= 2 {
            // The parentheses must enclose the whole value, not `(a) + (b)`.
            var depth = 0
            var enclosing = true
            for p in v.indices {
                if opensBracket(v[p]) { depth += 1 } else if closesBracket(v[p]) { depth -= 1 }
                if depth == 0 && p != v.endIndex - 1 {
                    enclosing = false
                    break
                }
            }
            if enclosing { inner = v[(v.startIndex + 1)..<(v.endIndex - 1)] }
        }
        if let inner {
            if inner.isEmpty {
                nodes.append(PythonNode(.tuple, tokens: first..<(last + 1), subtreeEnd: nodes.count + 1))
                return
            }
            if let kind = literal(inner) {
                appendLiteral(kind, inner)  // `("1.0")` is just the string
                return
            }
            if inner.contains(where: { isOp($0, ",") }), let elements = literalElements(inner) {
                appendTuple(first..<(last + 1), elements)
                return
            }
        } else if v.contains(where: { isOp($0, ",") }), !v.contains(where: opensBracket), let elements = literalElements(v) {
            appendTuple(first..<(last + 1), elements)
            return
        }
        nodes.append(PythonNode(.expression, tokens: first..<(last + 1), subtreeEnd: nodes.count + 1))
    }

    private mutating func appendTuple(_ range: Range<Int>, _ elements: [(PythonNode.Kind, ArraySlice<Int>)]) {
        let node = nodes.count
        nodes.append(PythonNode(.tuple, tokens: range, subtreeEnd: 0))
        for (kind, element) in elements { appendLiteral(kind, element) }
        nodes[node].subtreeEnd = UInt32(truncatingIfNeeded: nodes.count)
    }
}
