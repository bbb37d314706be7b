import TemplateSyntax

/// Selection: keys and indices from each document's root, through aliases.
extension YAMLDocument {
    /// The scalars `selector` names in every document, in document order.
    /// Reaching an alias gives its anchored scalar, and each scalar is given
    /// once. Throws `.selection` when a match is a mapping or sequence.
    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        var slots: [Slot] = []
        var seen = Set<Int>()
        for (reached, path) in resolve(selector.components) {
            // An alias is never a target of its own: its value lives at the anchor.
            guard let node = resolved(reached) else { continue }
            guard nodes[node].kind == .scalar else {
                throw TemplateError(
                    .selection,
                    "'\(Selector.render(path))' is a \(nodes[node].kind.production), not a single value; name one of its entries",
                    at: nodes[node].range.lowerBound)
            }
            if seen.insert(node).inserted { slots.append(slot(node, path)) }
        }
        return slots
    }

    /// Every scalar value (not keys) of every document with its path, in
    /// document order; aliases are skipped, so an anchored scalar appears once.
    public func scalars() -> [Slot] {
        var slots: [Slot] = []
        for root in documents {
            collectScalars(root, path: [], into: &slots)
        }
        return slots
    }

    private func collectScalars(_ root: Int, path rootPath: [Selector.Component], into slots: inout [Slot]) {
        // Explicit stack: deeply nested input must not overflow the call stack.
        var work: [(node: Int, path: [Selector.Component])] = [(root, rootPath)]
        while let (index, path) = work.popLast() {
            switch nodes[index].kind {
            case .scalar:
                slots.append(slot(index, path))
            case .alias:
                continue
            case .mapping:
                for (key, value) in entries(ofMapping: index).reversed() {
                    work.append((value, path + [.key(keyText(ofNode: key))]))
                }
            case .sequence:
                for (position, child) in children(ofNode: index).enumerated().reversed() {
                    work.append((child, path + [.index(position)]))
                }
            }
        }
    }

    /// The deepest step of `selector` that matched, and the keys (or the
    /// number of items) found there instead.
    public func explainMiss(_ selector: Selector) -> TemplateError? {
        var frontier = documents.map { ($0, [Selector.Component]()) }
        guard !frontier.isEmpty else {
            return TemplateError(.selection, "the file holds no YAML document, so nothing matches '\(selector)'")
        }
        for (depth, component) in selector.components.enumerated() {
            let next = step(frontier, component)
            if next.isEmpty {
                guard let (reached, path) = frontier.first else { return nil }
                let node = resolved(reached) ?? reached
                let here = path.isEmpty ? "the top-level value" : "'\(Selector.render(path))'"
                let at = nodes[reached].range.lowerBound
                switch nodes[node].kind {
                case .mapping:
                    let keys = entries(ofMapping: node).map { keyText(ofNode: $0.key) }
                    let shown = keys.prefix(12).map { Selector.render([.key($0)]) }.joined(separator: ", ")
                    let more = keys.count > 12 ? ", ..." : ""
                    return TemplateError(
                        .selection, "\(here) has no key \(component) (its keys: \(keys.isEmpty ? "none" : shown + more))", at: at)
                case .sequence:
                    return TemplateError(
                        .selection, "\(here) is a sequence of \(children(ofNode: node).count) items; \(component) selects none of them",
                        at: at)
                case .alias:
                    return TemplateError(.selection, "\(here) is an alias to an anchor that is not defined before it", at: at)
                case .scalar:
                    let rest = Selector.render(Array(selector.components[depth...]))
                    return TemplateError(.selection, "\(here) is a scalar, so it has no '\(rest)'", at: at)
                }
            }
            frontier = next
        }
        return nil
    }

    /// Every node the components reach from each document's root, with its
    /// concrete path.
    func resolve(_ components: [Selector.Component]) -> [(Int, [Selector.Component])] {
        var frontier = documents.map { ($0, [Selector.Component]()) }
        for component in components {
            frontier = step(frontier, component)
            if frontier.isEmpty { break }
        }
        return frontier
    }

    private func step(_ frontier: [(Int, [Selector.Component])], _ component: Selector.Component) -> [(Int, [Selector.Component])] {
        var next: [(Int, [Selector.Component])] = []
        // Aliases can make many paths reach one node (and wildcards over a
        // "billion laughs" file, exponentially many): each node is kept
        // once, by the first path that reaches it, so a step never holds
        // more entries than the tree has nodes.
        var reachedNodes = Set<Int>()
        func add(_ child: Int, _ childPath: [Selector.Component]) {
            if reachedNodes.insert(resolved(child) ?? child).inserted { next.append((child, childPath)) }
        }
        for (reached, path) in frontier {
            guard let node = resolved(reached) else { continue }
            switch nodes[node].kind {
            case .mapping:
                for (key, value) in entries(ofMapping: node) {
                    let name = keyText(ofNode: key)
                    if component.matches(key: name) { add(value, path + [.key(name)]) }
                }
            case .sequence:
                for (position, child) in children(ofNode: node).enumerated() where component.matches(index: position) {
                    add(child, path + [.index(position)])
                }
            case .scalar, .alias:
                continue
            }
        }
        return next
    }
}
