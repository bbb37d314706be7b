import TemplateSyntax

/// Reads slots and names out of a parsed document.
struct TOMLReader {
    let source: SourceText
    let tree: TOMLTree
    let space: TOMLKeySpace

    /// The slot of a scalar node at `path`.
    func slot(_ node: Int, path: [Selector.Component]) -> Slot {
        let token = tree.tokens[tree.nodes[node].firstToken]
        let kind: Slot.Kind
        let value: String
        switch tree.nodes[node].kind {
        case .string:
            kind = .string
            value = TOMLValues.decodeString(source.bytes, token)
        case .integer, .float:
            kind = .number
            value = source.text(token.range)
        case .boolean:
            kind = .bool
            value = source.text(token.range)
        default:
            // Date-times are read, never rewritten.
            kind = .expression
            value = source.text(token.range)
        }
        return Slot(range: token.range, value: value, kind: kind, path: path)
    }

    /// Where a table or array was defined, for messages.
    func offset(of item: TOMLKeySpace.Item) -> Int {
        switch item {
        case .scalar(let node): return tree.range(of: node).lowerBound
        case .table(let t): return space.tables[t].definedAt
        case .array(let a): return space.arrays[a].definedAt
        }
    }

    static func list(_ names: [String]) -> String {
        if names.isEmpty { return "nothing" }
        let shown = names.prefix(12).map { Selector.render([.key($0)]) }.joined(separator: ", ")
        return names.count > 12 ? shown + ", ..." : shown
    }

    static func raw(_ component: Selector.Component) -> String {
        switch component {
        case .key(let k), .keyOrIndex(let k): return k
        case .index(let n): return "[\(n)]"
        case .any: return "*"
        }
    }
}

/// Resolving a selector: keys step through tables (standard, dotted and
/// inline alike), indices through arrays and arrays of tables.
struct TOMLSelection {
    let reader: TOMLReader
    let components: [Selector.Component]
    let selectorText: String
    var found: [Slot] = []

    init(reader: TOMLReader, selector: Selector) {
        self.reader = reader
        self.components = selector.components
        self.selectorText = selector.text
    }

    mutating func run() throws(TemplateError) -> [Slot] {
        guard !components.isEmpty else { return [] }
        try match(.table(0), step: 0, path: [])
        // Dotted keys and headers can define a table's keys out of byte order.
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    mutating func match(_ item: TOMLKeySpace.Item, step: Int, path: [Selector.Component]) throws(TemplateError) {
        let space = reader.space
        guard step < components.count else {
            switch item {
            case .scalar(let node):
                found.append(reader.slot(node, path: path))
            case .table(let t):
                throw TemplateError(
                    .selection,
                    "\(selectorText) names the table \(Selector.render(path)), not a value: select one of its keys (\(TOMLReader.list(space.tables[t].names)))",
                    at: space.tables[t].definedAt)
            case .array(let a):
                let what = space.arrays[a].isTableArray ? "array of tables" : "array"
                throw TemplateError(
                    .selection,
                    "\(selectorText) names the \(what) \(Selector.render(path)), not a value: select an item, as \(Selector.render(path + [.index(0)]))",
                    at: space.arrays[a].definedAt)
            }
            return
        }
        let component = components[step]
        switch item {
        case .scalar:
            return
        case .table(let t):
            let table = space.tables[t]
            for (i, name) in table.names.enumerated() where component.matches(key: name) {
                try match(table.items[i], step: step + 1, path: path + [.key(name)])
            }
        case .array(let a):
            for (i, element) in space.arrays[a].items.enumerated() where component.matches(index: i) {
                try match(element, step: step + 1, path: path + [.index(i)])
            }
        }
    }
}

/// Every scalar with its path, for `scalars()`.
struct TOMLScalarWalk {
    let reader: TOMLReader
    var found: [Slot] = []

    mutating func run() -> [Slot] {
        walk(.table(0), path: [])
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    mutating func walk(_ item: TOMLKeySpace.Item, path: [Selector.Component]) {
        switch item {
        case .scalar(let node):
            found.append(reader.slot(node, path: path))
        case .table(let t):
            let table = reader.space.tables[t]
            for (i, name) in table.names.enumerated() { walk(table.items[i], path: path + [.key(name)]) }
        case .array(let a):
            for (i, element) in reader.space.arrays[a].items.enumerated() { walk(element, path: path + [.index(i)]) }
        }
    }
}

/// Explains why a selector matched nothing: the deepest step that matched
/// and the keys or items that are there instead.
struct TOMLMissExplainer {
    let reader: TOMLReader
    let components: [Selector.Component]
    var best: (steps: Int, message: String, offset: Int)?

    init(reader: TOMLReader, selector: Selector) {
        self.reader = reader
        self.components = selector.components
    }

    mutating func run() -> TemplateError? {
        guard !components.isEmpty else { return nil }
        explain(.table(0), step: 0, path: [])
        guard let best else { return nil }
        return TemplateError(.selection, best.message, at: best.offset)
    }

    mutating func record(_ steps: Int, _ message: String, at offset: Int) {
        if best == nil || steps > best?.steps ?? -1 { best = (steps, message, offset) }
    }

    mutating func explain(_ item: TOMLKeySpace.Item, step: Int, path: [Selector.Component]) {
        guard step < components.count else { return }
        let space = reader.space
        let component = components[step]
        let wanted = TOMLReader.raw(component)
        let here = Selector.render(path)
        switch item {
        case .scalar(let node):
            let text = reader.source.text(reader.tree.range(of: node))
            let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
            record(step, "\(here) is the value \(shown), not a table, so it has no '\(wanted)'", at: reader.offset(of: item))
        case .table(let t):
            let table = space.tables[t]
            var matched = false
            for (i, name) in table.names.enumerated() where component.matches(key: name) {
                matched = true
                explain(table.items[i], step: step + 1, path: path + [.key(name)])
            }
            if !matched {
                let message =
                    path.isEmpty
                    ? "the file has no top-level key '\(wanted)' (it has: \(TOMLReader.list(table.names)))"
                    : "\(here) has no key '\(wanted)' (it has: \(TOMLReader.list(table.names)))"
                record(step, message, at: t == 0 ? 0 : table.definedAt)
            }
        case .array(let a):
            let array = space.arrays[a]
            var matched = false
            for (i, element) in array.items.enumerated() where component.matches(index: i) {
                matched = true
                explain(element, step: step + 1, path: path + [.index(i)])
            }
            if !matched {
                let count = array.items.count
                let what = array.isTableArray ? "an array of tables" : "an array"
                let message: String
                if case .key = component {
                    message = "\(here) is \(what), so it has no key '\(wanted)': select an item first, as \(Selector.render(path + [.index(0)]))"
                } else {
                    message = "\(here) has no item \(wanted) (it has \(count) item\(count == 1 ? "" : "s"))"
                }
                record(step, message, at: array.definedAt)
            }
        }
    }
}
