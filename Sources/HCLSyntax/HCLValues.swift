import TemplateSyntax

/// Reading values out of the tree: names, labels, decoded strings, and the
/// slot a value expression makes.
struct HCLReader {
    let source: SourceText
    let tree: HCLTree

    var bytes: [UInt8] { source.bytes }

    func text(token index: Int) -> String { source.text(tree.tokens[index].range) }
    func text(node index: Int) -> String { source.text(tree.range(of: index)) }
    func kind(_ node: Int) -> HCLNodeKind { tree.nodes[node].kind }

    /// The top-level body.
    var rootBody: Int? { tree.children(of: tree.root).last }

    /// An attribute's name.
    func attributeName(_ node: Int) -> String { text(token: tree.nodes[node].firstToken) }

    /// A block's type.
    func blockType(_ node: Int) -> String { text(token: tree.nodes[node].firstToken) }

    /// A block's labels (decoded) and its body.
    func blockParts(_ node: Int) -> (labels: [String], body: Int?) {
        let children = tree.children(of: node)
        let labels = children.filter { kind($0) == .blockLabel }.map(labelText)
        return (labels, children.last.flatMap { kind($0) == .body ? $0 : nil })
    }

    func labelText(_ node: Int) -> String {
        let first = tree.nodes[node].firstToken
        if tree.tokens[first].kind == .identifier { return text(token: first) }
        return decodeQuoted(node)
    }

    /// The `"name"` form of a block: `variable "chroma_version"`.
    func blockDescription(_ node: Int) -> String {
        let (labels, _) = blockParts(node)
        return ([blockType(node)] + labels.map { "\"\($0)\"" }).joined(separator: " ")
    }

    /// The decoded text of a quoted template or label made only of literal
    /// text: escapes resolved, `$${` and `%%{` turned into `${` and `%{`.
    func decodeQuoted(_ node: Int) -> String {
        var out: [UInt8] = []
        let n = tree.nodes[node]
        for t in n.firstToken..<n.endToken where tree.tokens[t].kind == .templateLiteral {
            HCLReader.decodeLiteral(bytes, tree.tokens[t].range, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes one quoted-template literal token. The lexer has already
    /// checked every escape, so malformed input cannot reach here; any
    /// surprise is kept verbatim rather than trapping.
    static func decodeLiteral(_ bytes: [UInt8], _ range: Range<Int>, into out: inout [UInt8]) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < end {
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A); i += 2; continue
                case UInt8(ascii: "r"): out.append(0x0D); i += 2; continue
                case UInt8(ascii: "t"): out.append(0x09); i += 2; continue
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e); i += 2; continue
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = e == UInt8(ascii: "u") ? 4 : 8
                    if i + 2 + digits <= end {
                        var value: UInt32 = 0
                        var ok = true
                        for k in 0..<digits {
                            let h = bytes[i + 2 + k]
                            guard HCLLexer.isHex(h) else { ok = false; break }
                            value = value &* 16 &+ UInt32(HCLLexer.hexValue(h))
                        }
                        if ok, let scalar = UnicodeScalar(value) {
                            out.append(contentsOf: Array(String(Character(scalar)).utf8))
                            i += 2 + digits
                            continue
                        }
                    }
                default:
                    break
                }
            }
            if (b == UInt8(ascii: "$") || b == UInt8(ascii: "%")), i + 2 < end, bytes[i + 1] == b,
                bytes[i + 2] == UInt8(ascii: "{")
            {
                out.append(b)
                out.append(UInt8(ascii: "{"))
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
    }

    /// The path key an object element's key expression stands for: the
    /// identifier or the decoded string; anything computed by its source text.
    func objectKey(_ keyNode: Int) -> String {
        switch kind(keyNode) {
        case .variableExpr, .literalValue:
            return text(node: keyNode)
        case .templateExpr where tree.children(of: keyNode).isEmpty:
            return decodeQuoted(keyNode)
        default:
            return text(node: keyNode)
        }
    }

    /// Whether `node` is a collection (object or tuple constructor), which
    /// selectors walk into rather than return.
    func isCollection(_ node: Int) -> Bool {
        kind(node) == .object || kind(node) == .tuple
    }

    /// The slot an expression makes: a literal's decoded value and kind, or
    /// `.expression` with its source text. Nil for collections.
    func slot(for node: Int, path: [Selector.Component]) -> Slot? {
        let range = tree.range(of: node)
        switch kind(node) {
        case .object, .tuple:
            return nil
        case .literalValue:
            let value = text(node: node)
            let slotKind: Slot.Kind
            switch value {
            case "true", "false": slotKind = .bool
            case "null": slotKind = .null
            default: slotKind = .number
            }
            return Slot(range: range, value: value, kind: slotKind, path: path)
        case .templateExpr where tree.children(of: node).isEmpty:
            return Slot(range: range, value: decodeQuoted(node), kind: .string, path: path)
        case .unaryOp:
            // `-1` is how a negative number is written; treat it as one.
            let children = tree.children(of: node)
            let op = tree.nodes[node].firstToken
            if tree.tokens[op].kind == .minus, children.count == 1, kind(children[0]) == .literalValue,
                tree.tokens[tree.nodes[children[0]].firstToken].kind == .number
            {
                let value = "-" + text(node: children[0])
                return Slot(range: range, value: value, kind: .number, path: path)
            }
            return Slot(range: range, value: text(node: node), kind: .expression, path: path)
        default:
            return Slot(range: range, value: text(node: node), kind: .expression, path: path)
        }
    }
}
