import TemplateSyntax

/// A Python module parsed into a lossless token array and a tree of its
/// module-level statements, in which simple assignments of literals are
/// understood and everything else is kept opaque.
///
/// Selectors name assignment targets: `__version__`, `VERSION`, and
/// `__version_info__[0]` for an element of a tuple of literals.
public struct PythonDocument: TemplateDocument {
    /// The format's name in `--format` and diagnostics.
    public static let formatName = "python"

    /// The bytes the document was parsed from; printing gives them back.
    public let source: SourceText
    /// What the bytes are read as: UTF-8 unless a coding declaration says
    /// otherwise. Values are decoded in it; edits to a file that is not
    /// UTF-8 write only ASCII.
    public let encoding: PythonSourceEncoding
    /// Every token, in order, ending with `endMarker`. The bytes between
    /// two tokens are trivia (blanks, continuations, a byte order mark).
    public let tokens: [PythonToken]
    /// Module-level statements and their parts, in preorder.
    public let nodes: [PythonNode]
    /// Every name bound by an understood module-level assignment, in order.
    public let bindings: [Binding]

    /// One name bound at module level by an `assignment` or
    /// `annotated_assignment`: the target's node and the value's node.
    public struct Binding: Sendable, Equatable {
        /// The bound name, as written.
        public var name: String
        /// The `target` node (its token locates the name).
        public var targetNode: Int
        /// The value's node: a literal, a `tuple` or an `expression`.
        public var valueNode: Int
    }

    /// Tokenizes `source` (a positioned `.syntax` error where Python's own
    /// tokenizer would also stop: a NUL byte, bytes that are not text in the
    /// declared encoding, an unknown coding declaration, a bad token) and
    /// builds the statement tree.
    public init(parsing source: SourceText) throws(TemplateError) {
        self.source = source
        encoding = try PythonSourceEncoding.declared(in: source.bytes)
        tokens = try PythonLexer.tokenize(source.bytes, encoding: encoding)
        nodes = PythonStatements.build(source.bytes, tokens)
        var bindings: [Binding] = []
        for (index, node) in nodes.enumerated() where node.kind == .assignment || node.kind == .annotatedAssignment {
            var child = index + 1
            var targets: [Int] = []
            var value: Int? = nil
            while child < node.descendantsEnd {
                if nodes[child].kind == .target { targets.append(child) } else if nodes[child].kind != .annotation { value = child }
                child = nodes[child].descendantsEnd
            }
            guard let value else { continue }
            for target in targets {
                let name = encoding.text(source.bytes, tokens[Int(nodes[target].firstToken)].range)
                bindings.append(Binding(name: name, targetNode: target, valueNode: value))
            }
        }
        self.bindings = bindings
    }

    /// The trivia before token `index`; `index == tokens.count` gives the
    /// trivia after the last token (always empty: `endMarker` ends the file).
    public func leadingTrivia(ofToken index: Int) -> Range<Int> {
        let start = index == 0 ? 0 : tokens[index - 1].range.upperBound
        let end = index == tokens.count ? source.count : tokens[index].range.lowerBound
        return start..<end
    }

    /// Every token and the trivia between them, in order: the source bytes.
    public func printed() -> [UInt8] {
        printedInRuns()
    }

    /// The byte range of node `index`, from its first token to its last.
    public func range(ofNode index: Int) -> Range<Int> {
        let tokenRange = nodes[index].tokenRange
        guard let last = tokenRange.last else { return 0..<0 }
        return tokens[tokenRange.lowerBound].range.lowerBound..<tokens[last].range.upperBound
    }

    /// The children of node `index`, in order.
    public func children(ofNode index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        while child < nodes[index].descendantsEnd {
            result.append(child)
            child = nodes[child].descendantsEnd
        }
        return result
    }

    /// The module-level statements (`simple_statements` lines and
    /// `compound_statement`s), in order.
    public var statements: [Int] {
        var result: [Int] = []
        var index = 0
        while index < nodes.count {
            result.append(index)
            index = nodes[index].descendantsEnd
        }
        return result
    }

    // MARK: Selection

    /// The values `selector` names: its first step a module-level name
    /// (`*` for all), an optional second an index into a tuple of literals.
    /// Throws `.selection` for a name bound more than once at module level,
    /// or for a whole tuple.
    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        guard let head = selector.components.first else { return [] }
        let rest = selector.components.dropFirst()
        var slots: [Slot] = []
        for name in assignedNames() where head.matches(key: name) {
            let binding = try onlyBinding(of: name)
            let value = binding.valueNode
            let path: [Selector.Component] = [.key(name)]
            if rest.isEmpty {
                if nodes[value].kind == .tuple {
                    let count = children(ofNode: value).count
                    throw TemplateError(
                        .selection,
                        "'\(name)' is a tuple of \(count) values, not a single value; name one element, as in \(name)[0]",
                        at: range(ofNode: value).lowerBound)
                }
                slots.append(slot(value, path))
            } else if rest.count == 1, let step = rest.first, nodes[value].kind == .tuple {
                for (position, element) in children(ofNode: value).enumerated() where step.matches(index: position) {
                    slots.append(slot(element, path + [.index(position)]))
                }
            }
        }
        return slots
    }

    /// The one binding of `name`, or the error that it has several.
    private func onlyBinding(of name: String) throws(TemplateError) -> Binding {
        let all = bindings.filter { $0.name == name }
        guard all.count > 1 else {
            guard let only = all.first else { throw TemplateError(.selection, "'\(name)' is not assigned at module level") }
            return only
        }
        let first = range(ofNode: all[0].targetNode).lowerBound
        let second = range(ofNode: all[1].targetNode).lowerBound
        throw TemplateError(
            .selection,
            "'\(name)' is assigned \(all.count) times at module level; tplpatch will not guess which one is the version",
            at: second, notes: [.init("first assigned here", at: first)])
    }

    /// The names bound at module level, each once, in order of first binding.
    public func assignedNames() -> [String] {
        var seen: Set<String> = []
        return bindings.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// Every literal bound at module level (tuple elements one by one), in
    /// order; a name bound twice appears twice. Expressions are left out.
    public func scalars() -> [Slot] {
        var slots: [Slot] = []
        for binding in bindings {
            let value = binding.valueNode
            let path: [Selector.Component] = [.key(binding.name)]
            if nodes[value].kind.isLiteral {
                slots.append(slot(value, path))
            } else if nodes[value].kind == .tuple {
                for (position, element) in children(ofNode: value).enumerated() {
                    slots.append(slot(element, path + [.index(position)]))
                }
            }
        }
        return slots
    }

    /// Which names are bound at module level (the first 12), or what the
    /// named value is when the rest of the selector does not fit it.
    public func explainMiss(_ selector: Selector) -> TemplateError? {
        guard let head = selector.components.first else { return nil }
        let names = assignedNames()
        guard let name = names.first(where: { head.matches(key: $0) }) else {
            let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", ..." : "")
            let what: String
            switch head {
            case .key(let key), .keyOrIndex(let key): what = "'\(key)' is not assigned at module level"
            default: what = "\(head) names no module-level assignment"
            }
            return TemplateError(
                .selection, names.isEmpty ? "\(what) (nothing is)" : "\(what) (names assigned there: \(shown))")
        }
        guard let binding = bindings.first(where: { $0.name == name }) else { return nil }
        let value = binding.valueNode
        let at = range(ofNode: value).lowerBound
        let rest = Selector.render(Array(selector.components.dropFirst()))
        if nodes[value].kind == .tuple {
            let count = children(ofNode: value).count
            if selector.components.count == 2 {
                return TemplateError(
                    .selection, "'\(name)' is a tuple of \(count) values; \(rest) selects none of them", at: at)
            }
            return TemplateError(.selection, "the elements of '\(name)' are literals, so they have nothing inside them", at: at)
        }
        return TemplateError(.selection, "'\(name)' is bound to \(describe(value)), so it has no '\(rest)'", at: at)
    }

    private func describe(_ node: Int) -> String {
        switch nodes[node].kind {
        case .string: return "a string"
        case .number: return "a number"
        case .trueLiteral, .falseLiteral: return "a bool"
        case .noneLiteral: return "None"
        default: return "an expression (\(encoding.text(source.bytes, range(ofNode: node))))"
        }
    }

    func slot(_ node: Int, _ path: [Selector.Component]) -> Slot {
        let range = range(ofNode: node)
        switch nodes[node].kind {
        case .string:
            return Slot(range: range, value: PythonString.decode(source.bytes, range, latin1: encoding == .latin1), kind: .string, path: path)
        case .number:
            // `- 1` reads as "-1": the value, not its spacing.
            let tokenRange = nodes[node].tokenRange
            let digits = source.text(tokens[tokenRange.upperBound - 1].range)
            return Slot(range: range, value: tokenRange.count > 1 ? "-" + digits : digits, kind: .number, path: path)
        case .trueLiteral:
            return Slot(range: range, value: "True", kind: .bool, path: path)
        case .falseLiteral:
            return Slot(range: range, value: "False", kind: .bool, path: path)
        case .noneLiteral:
            return Slot(range: range, value: "None", kind: .null, path: path)
        default:
            return Slot(range: range, value: encoding.text(source.bytes, range), kind: .expression, path: path)
        }
    }
}
