import Synchronization

/// A table of results by name (a content path), each kept with the inputs that made it. A value made
/// again gets a new revision to carry, so later stages can tell "same as before" by comparing numbers.
///
/// Kept in the order of the last call that asked for every name it holds: the next such call nearly
/// always asks for the same names in the same order, and then compares inputs position by position.
/// Finding 10,000 entries by name instead (hashing each path, each lookup a cache miss) took 8 ms a stage.
final class MemoTable<Inputs: Equatable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var inputs: Inputs
        var value: Value
    }

    private struct Table: Sendable {
        var names: [String] = []
        var entries: [Entry] = []
        /// Each name's position, made when a name must be found by name (nil until then: the table is
        /// usually asked in order, and making it took 5 ms for 10,000 paths).
        private var byName: [String: Int]?

        init(names: [String], entries: [Entry]) {
            self.names = names
            self.entries = entries
        }

        init() {}

        mutating func position(of name: String) -> Int? {
            if byName == nil { byName = Dictionary(zip(names, names.indices), uniquingKeysWith: { first, _ in first }) }
            return byName![name]
        }

        /// Removes the entries `gone` names where they stand: a page removed from 10,000 cost two copies
        /// of each table when they were made again without it (3 ms a table).
        mutating func remove(_ gone: Set<String>) {
            // A few names: compared directly (most paths differ in length at once), not hashed.
            let few = gone.count <= 4 ? Array(gone) : nil
            let positions = names.indices.filter { few?.contains(names[$0]) ?? gone.contains(names[$0]) }
            guard !positions.isEmpty else { return }
            for position in positions.reversed() {
                names.remove(at: position)
                entries.remove(at: position)
            }
            byName = nil
        }

        mutating func append(_ name: String, _ entry: Entry) {
            byName?[name] = names.count
            names.append(name)
            entries.append(entry)
        }
    }

    private let table = Mutex(Table())

    var count: Int { table.withLock { $0.entries.count } }

    /// Forgets every entry but those named.
    func keepOnly(_ names: Set<String>) {
        table.withLock { table in
            let kept = table.names.indices.filter { names.contains(table.names[$0]) }
            guard kept.count != table.names.count else { return }
            table = Table(names: kept.map { table.names[$0] }, entries: kept.map { table.entries[$0] })
        }
    }

    /// Forgets the entries `gone` names.
    func forget(_ gone: Set<String>) {
        guard !gone.isEmpty else { return }
        table.withLock { table in table.remove(gone) }
    }

    /// The inputs last kept for `name`.
    func inputs(for name: String) -> Inputs? {
        kept(for: name)?.inputs
    }

    /// What is kept for `name`: its inputs and its value.
    func kept(for name: String) -> (inputs: Inputs, value: Value)? {
        table.withLock { table in table.position(of: name).map { (table.entries[$0].inputs, table.entries[$0].value) } }
    }

    /// The values for `names`: the kept one where its inputs are unchanged, else `compute`'s (in parallel),
    /// kept for next time. `inputs` is given each name's index and its inputs last time; `compute`, the
    /// index and a new revision to stamp its value with. Looked up under one lock, not one per name.
    /// `revalidate`: whether a kept value with unchanged inputs may be used (what it depends on beyond them);
    /// it may update the kept value to say so.
    func values(for names: [String], inputs: (_ index: Int, _ last: Inputs?) -> Inputs,
                revalidate: (inout Value) -> Bool = { _ in true },
                compute: @Sendable (_ index: Int, _ revision: Int) -> Value) -> [Value] {
        var found = [Value?](repeating: nil, count: names.count)
        var missing: [(index: Int, inputs: Inputs)] = []
        // Where each name was: the same place (`inOrder`), or found by walking both lists (`aligned`: the
        // call is the whole list again, with a few names come or gone), or else by name.
        var positions: [Int?] = []
        let (inOrder, aligned) = table.withLock { table in
            let inOrder = table.names == names
            let aligned = inOrder ? nil : NameAlignment.positions(of: names, in: table.names)
            positions = inOrder ? [] : aligned ?? names.map { table.position(of: $0) }
            for index in names.indices {
                let position = inOrder ? index : positions[index]
                let current = inputs(index, position.map { table.entries[$0].inputs })
                if let position, table.entries[position].inputs == current, revalidate(&table.entries[position].value) {
                    found[index] = table.entries[position].value
                } else {
                    missing.append((index, current))
                }
            }
            return (inOrder, aligned != nil)
        }
        let made = missing.parallelMap { Entry(inputs: $0.inputs, value: compute($0.index, MemoRevision.next())) }
        for (miss, entry) in zip(missing, made) { found[miss.index] = entry.value }
        table.withLock { table in
            if inOrder {
                for (miss, entry) in zip(missing, made) { table.entries[miss.index] = entry }
            } else if aligned || Set(positions.lazy.compactMap { $0 }).count == table.names.count {
                // A call that asks for every name (but those that went) sets the order the next is compared in.
                var entries = names.indices.map { index in positions[index].map { table.entries[$0] } }
                for (miss, entry) in zip(missing, made) { entries[miss.index] = entry }
                table = Table(names: names, entries: entries.takeAll())
            } else {
                for (miss, entry) in zip(missing, made) {
                    if let position = positions[miss.index] { table.entries[position] = entry } else { table.append(names[miss.index], entry) }
                }
            }
        }
        return found.takeAll()
    }

    /// The value for `name`, as `values(for:)` makes it for one.
    func value(for name: String, inputs: Inputs, revalidate: (inout Value) -> Bool = { _ in true },
               compute: (_ revision: Int) -> Value) -> Value {
        let kept = table.withLock { table -> Value? in
            guard let position = table.position(of: name), table.entries[position].inputs == inputs,
                  revalidate(&table.entries[position].value) else { return nil }
            return table.entries[position].value
        }
        if let kept { return kept }
        let entry = Entry(inputs: inputs, value: compute(MemoRevision.next()))
        table.withLock { table in
            if let position = table.position(of: name) { table.entries[position] = entry } else { table.append(name, entry) }
        }
        return entry.value
    }
}

/// Revisions are unique across every table, so two different results never share one.
enum MemoRevision {
    private static let counter = Atomic(0)

    static func next() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }
}
