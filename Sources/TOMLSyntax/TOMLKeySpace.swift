/// The tables a TOML file defines, as TOML's rules see them: which keys
/// exist where, and how each table came to be. The parser fills it in while
/// it reads, so that a duplicate key or a redefined table is reported at the
/// byte where it happens; selection walks it afterwards.
///
/// Tables and arrays live in two flat arrays and refer to each other by index.
struct TOMLKeySpace: Sendable {
    /// What a key holds.
    enum Item: Sendable, Hashable {
        /// A scalar value: the index of its node.
        case scalar(Int)
        /// A table (standard, implicit, dotted or inline): an index into `tables`.
        case table(Int)
        /// An array or an array of tables: an index into `arrays`.
        case array(Int)
    }

    /// How a table came to exist, which decides what may still add to it.
    enum Origin: Sendable, Hashable {
        /// The root table.
        case root
        /// Created as a step of a longer header (`a` in `[a.b]`): a later `[a]` may still define it.
        case implicit
        /// Defined by a `[header]` or as an element of `[[header]]`.
        case header
        /// Created by a dotted key (`a` in `a.b = 1`), in the section numbered `section`.
        case dotted
        /// An inline table `{ ... }`: complete as written, nothing may add to it.
        case inline
    }

    struct Table: Sendable {
        var origin: Origin
        /// The section (header) whose dotted keys created it; only that section may add to it by dotted keys.
        var section: Int
        var depth: Int
        /// Where it was defined: the header's `[`, the key, or the `{`.
        var definedAt: Int
        var names: [String] = []
        var items: [Item] = []
        /// Where each key was written.
        var keyOffsets: [Int] = []
        var lookup: [String: Int] = [:]
    }

    struct ArrayValue: Sendable {
        /// True for an array of tables (`[[a]]`), false for a static array value.
        var isTableArray: Bool
        var depth: Int
        var definedAt: Int
        /// The array's node (static arrays only; -1 for arrays of tables).
        var node: Int
        var items: [Item] = []
    }

    var tables: [Table] = [Table(origin: .root, section: 0, depth: 0, definedAt: 0)]
    var arrays: [ArrayValue] = []

    /// How deep tables and arrays may nest (header and dotted key steps count
    /// too), so that walking the tree can never exhaust the stack.
    static let maxDepth = 128

    mutating func newTable(_ origin: Origin, section: Int, depth: Int, at offset: Int) -> Int {
        tables.append(Table(origin: origin, section: section, depth: depth, definedAt: offset))
        return tables.count - 1
    }

    mutating func newArray(tableArray: Bool, depth: Int, at offset: Int, node: Int) -> Int {
        arrays.append(ArrayValue(isTableArray: tableArray, depth: depth, definedAt: offset, node: node))
        return arrays.count - 1
    }

    /// Up to this many keys a table is searched by comparing names; only a
    /// bigger one gets a hash table. Most tables hold a handful of keys, and
    /// a dictionary per table (an allocation and a hash per key) was most
    /// of the cost of parsing them.
    static let linearLookupLimit = 8

    mutating func insert(_ item: Item, named name: String, at offset: Int, into table: Int) {
        let slot = tables[table].names.count
        tables[table].names.append(name)
        tables[table].items.append(item)
        tables[table].keyOffsets.append(offset)
        if slot == TOMLKeySpace.linearLookupLimit {
            for (k, known) in tables[table].names.enumerated() { tables[table].lookup[known] = k }
        } else if slot > TOMLKeySpace.linearLookupLimit {
            tables[table].lookup[name] = slot
        }
    }

    func find(_ name: String, in table: Int) -> (item: Item, offset: Int)? {
        let names = tables[table].names
        let slot: Int
        if names.count <= TOMLKeySpace.linearLookupLimit {
            // Newest first, as the dictionary would answer for a name entered twice.
            guard let found = names.lastIndex(of: name) else { return nil }
            slot = found
        } else {
            guard let found = tables[table].lookup[name] else { return nil }
            slot = found
        }
        return (tables[table].items[slot], tables[table].keyOffsets[slot])
    }

    func depth(of item: Item) -> Int {
        switch item {
        case .scalar: return 0
        case .table(let t): return tables[t].depth
        case .array(let a): return arrays[a].depth
        }
    }
}
