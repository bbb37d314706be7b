import TemplateSyntax

/// Resolving selectors against the tree.
///
/// A path walks the structure the way Terraform users name things: a body
/// step matches an attribute name or a block type; a block's labels are
/// the steps after its type; then its body continues the path. Inside an
/// attribute's value, object keys and tuple indices continue it.
struct HCLSelection {
    let reader: HCLReader
    let components: [Selector.Component]
    let selectorText: String
    var found: [Slot] = []

    var tree: HCLTree { reader.tree }

    init(reader: HCLReader, selector: Selector) {
        self.reader = reader
        self.components = selector.components
        self.selectorText = selector.text
    }

    mutating func run() throws(TemplateError) -> [Slot] {
        guard let body = reader.rootBody, !components.isEmpty else { return [] }
        try matchBody(body, step: 0, path: [])
        return found
    }

    mutating func matchBody(_ body: Int, step: Int, path: [Selector.Component]) throws(TemplateError) {
        let component = components[step]
        for item in tree.children(of: body) {
            switch reader.kind(item) {
            case .attribute:
                let name = reader.attributeName(item)
                guard component.matches(key: name), let value = tree.children(of: item).last else { continue }
                try matchValue(value, step: step + 1, path: path + [.key(name)])
            case .block:
                let type = reader.blockType(item)
                guard component.matches(key: type) else { continue }
                try matchBlock(item, labelIndex: 0, step: step + 1, path: path + [.key(type)])
            default:
                continue
            }
        }
    }

    mutating func matchBlock(_ block: Int, labelIndex: Int, step: Int, path: [Selector.Component]) throws(TemplateError) {
        let (labels, body) = reader.blockParts(block)
        guard step < components.count else {
            throw TemplateError(
                .selection,
                "\(selectorText) names the block \(reader.blockDescription(block)), not a value: add the attribute to change",
                at: tree.range(of: block).lowerBound)
        }
        if labelIndex < labels.count {
            guard components[step].matches(key: labels[labelIndex]) else { return }
            try matchBlock(block, labelIndex: labelIndex + 1, step: step + 1, path: path + [.key(labels[labelIndex])])
        } else if let body {
            try matchBody(body, step: step, path: path)
        }
    }

    mutating func matchValue(_ node: Int, step: Int, path: [Selector.Component]) throws(TemplateError) {
        guard step < components.count else {
            if let slot = reader.slot(for: node, path: path) {
                found.append(slot)
                return
            }
            let what = reader.kind(node) == .object ? "an object" : "a tuple"
            throw TemplateError(
                .selection, "\(Selector.render(path)) is \(what), not a scalar: select one of its \(reader.kind(node) == .object ? "keys" : "items")",
                at: tree.range(of: node).lowerBound)
        }
        let component = components[step]
        switch reader.kind(node) {
        case .object:
            for element in tree.children(of: node) {
                let parts = tree.children(of: element)
                guard parts.count == 2 else { continue }
                let key = reader.objectKey(parts[0])
                guard component.matches(key: key) else { continue }
                try matchValue(parts[1], step: step + 1, path: path + [.key(key)])
            }
        case .tuple:
            for (position, element) in tree.children(of: node).enumerated() where component.matches(index: position) {
                try matchValue(element, step: step + 1, path: path + [.index(position)])
            }
        default:
            return
        }
    }
}

/// Walks every scalar in document order, for `scalars()`.
struct HCLScalarWalk {
    let reader: HCLReader
    var found: [Slot] = []

    var tree: HCLTree { reader.tree }

    mutating func run() -> [Slot] {
        if let body = reader.rootBody { walkBody(body, path: []) }
        return found
    }

    mutating func walkBody(_ body: Int, path: [Selector.Component]) {
        for item in tree.children(of: body) {
            switch reader.kind(item) {
            case .attribute:
                if let value = tree.children(of: item).last {
                    walkValue(value, path: path + [.key(reader.attributeName(item))])
                }
            case .block:
                let (labels, inner) = reader.blockParts(item)
                let blockPath = path + [.key(reader.blockType(item))] + labels.map { .key($0) }
                if let inner { walkBody(inner, path: blockPath) }
            default:
                continue
            }
        }
    }

    mutating func walkValue(_ node: Int, path: [Selector.Component]) {
        switch reader.kind(node) {
        case .object:
            for element in tree.children(of: node) {
                let parts = tree.children(of: element)
                guard parts.count == 2 else { continue }
                walkValue(parts[1], path: path + [.key(reader.objectKey(parts[0]))])
            }
        case .tuple:
            for (position, element) in tree.children(of: node).enumerated() {
                walkValue(element, path: path + [.index(position)])
            }
        default:
            if let slot = reader.slot(for: node, path: path) { found.append(slot) }
        }
    }
}

/// Explains why a selector matched nothing: the deepest step that matched
/// and what was there instead.
struct HCLMissExplainer {
    let reader: HCLReader
    let components: [Selector.Component]
    /// The deepest failure seen: how many steps matched, the message, where.
    var best: (steps: Int, message: String, offset: Int)?

    var tree: HCLTree { reader.tree }

    init(reader: HCLReader, selector: Selector) {
        self.reader = reader
        self.components = selector.components
    }

    mutating func run() -> TemplateError? {
        guard let body = reader.rootBody, !components.isEmpty else {
            return TemplateError(.selection, "the file has no attributes or blocks")
        }
        explainBody(body, step: 0, owner: nil)
        guard let best else { return nil }
        return TemplateError(.selection, best.message, at: best.offset)
    }

    mutating func record(_ steps: Int, _ message: String, at offset: Int) {
        if best == nil || steps > best?.steps ?? -1 { best = (steps, message, offset) }
    }

    static func list(_ names: [String]) -> String {
        var seen = Set<String>()
        let unique = names.filter { seen.insert($0).inserted }
        if unique.isEmpty { return "nothing" }
        let shown = unique.prefix(12).joined(separator: ", ")
        return unique.count > 12 ? shown + ", ..." : shown
    }

    static func raw(_ component: Selector.Component) -> String {
        switch component {
        case .key(let k), .keyOrIndex(let k): return k
        case .index(let n): return "[\(n)]"
        case .any: return "*"
        }
    }

    /// `owner` names the block whose body this is (`required_providers in
    /// terraform`), nil at the top level.
    mutating func explainBody(_ body: Int, step: Int, owner: (node: Int, text: String)?) {
        guard step < components.count else { return }
        let component = components[step]
        var names: [String] = []
        var matched = false
        // Blocks of the wanted type whose labels did not match, grouped by
        // how far they matched, to list the labels that do exist.
        var labelMisses: [(steps: Int, prefix: String, label: String, offset: Int)] = []
        for item in tree.children(of: body) {
            switch reader.kind(item) {
            case .attribute:
                let name = reader.attributeName(item)
                names.append(name)
                if component.matches(key: name), let value = tree.children(of: item).last {
                    matched = true
                    explainValue(value, step: step + 1, path: Array(components[0...step]))
                }
            case .block:
                let type = reader.blockType(item)
                names.append(type)
                if component.matches(key: type) {
                    matched = true
                    if let miss = explainBlock(item, step: step + 1, parent: owner?.text) { labelMisses.append(miss) }
                }
            default:
                continue
            }
        }
        for miss in labelMisses {
            let others = labelMisses.filter { $0.steps == miss.steps && $0.prefix == miss.prefix }.map { "\"\($0.label)\"" }
            let wanted = HCLMissExplainer.raw(components[miss.steps])
            record(
                miss.steps,
                "no block \(miss.prefix) \"\(wanted)\" (\(miss.prefix) blocks here: \(HCLMissExplainer.list(others)))",
                at: miss.offset)
        }
        guard !matched else { return }
        let offset = tree.range(of: owner?.node ?? body).lowerBound
        let wanted = HCLMissExplainer.raw(component)
        if let owner {
            record(
                step, "\(owner.text) has no attribute '\(wanted)' (it has: \(HCLMissExplainer.list(names)))",
                at: offset)
        } else {
            record(step, "no top-level attribute or block '\(wanted)' (the file has: \(HCLMissExplainer.list(names)))", at: offset)
        }
    }

    /// Follows a block's labels; on a label that does not match, returns how
    /// many steps matched, the matched type and labels, and the label found.
    mutating func explainBlock(_ block: Int, step: Int, parent: String?) -> (steps: Int, prefix: String, label: String, offset: Int)? {
        let (labels, body) = reader.blockParts(block)
        var consumed = 0
        while consumed < labels.count {
            guard step + consumed < components.count else { return nil }
            guard components[step + consumed].matches(key: labels[consumed]) else {
                let prefix = ([reader.blockType(block)] + labels[0..<consumed].map { "\"\($0)\"" }).joined(separator: " ")
                return (step + consumed, prefix, labels[consumed], tree.range(of: block).lowerBound)
            }
            consumed += 1
        }
        let description = reader.blockDescription(block)
        if let body { explainBody(body, step: step + consumed, owner: (block, parent.map { "\(description) in \($0)" } ?? description)) }
        return nil
    }

    mutating func explainValue(_ node: Int, step: Int, path: [Selector.Component]) {
        guard step < components.count else { return }
        let component = components[step]
        let here = Selector.render(path)
        let offset = tree.range(of: node).lowerBound
        switch reader.kind(node) {
        case .object:
            var keys: [String] = []
            for element in tree.children(of: node) {
                let parts = tree.children(of: element)
                guard parts.count == 2 else { continue }
                let key = reader.objectKey(parts[0])
                keys.append(key)
                if component.matches(key: key) {
                    explainValue(parts[1], step: step + 1, path: path + [.key(key)])
                    return
                }
            }
            record(step, "\(here) has no key '\(HCLMissExplainer.raw(component))' (it has: \(HCLMissExplainer.list(keys)))", at: offset)
        case .tuple:
            let count = tree.children(of: node).count
            record(step, "\(here) has no item \(component.description) (it has \(count) item\(count == 1 ? "" : "s"))", at: offset)
        default:
            let value = HCLWriter.shortened(reader.text(node: node))
            record(step, "\(here) is \(value), not an object or tuple, so it has no '\(HCLMissExplainer.raw(component))'", at: offset)
        }
    }
}
