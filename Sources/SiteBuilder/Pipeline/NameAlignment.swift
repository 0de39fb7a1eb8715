/// Where each of a list's names was in the list before, when the list is the old one with a few names
/// added or removed and the rest in the same order, as when a page comes or goes: found by walking both
/// lists side by side, hashing no name. Building a table of 10,000 paths to look them up in took 5 ms a
/// stage, and a new page made every stage of a rebuild do it.
enum NameAlignment {
    /// For each of `names`, its position in `old` (nil: not there). Nil when `names` is not `old` with at
    /// most `maxEdits` names added or removed (a list of a few of `old`'s names is not).
    static func positions(of names: [String], in old: [String], maxEdits: Int = 8) -> [Int?]? {
        var positions: [Int?] = []
        positions.reserveCapacity(names.count)
        var next = 0, added = 0, removed = 0
        for name in names {
            if next < old.count, old[next] == name {
                positions.append(next)
                next += 1
                continue
            }
            // Names of `old` that went are stepped over; a name not among the next few of `old` is new.
            if let found = old[min(next + 1, old.count)..<min(next + 1 + maxEdits, old.count)].firstIndex(of: name) {
                removed += found - next
                positions.append(found)
                next = found + 1
            } else {
                added += 1
                positions.append(nil)
            }
            guard added + removed <= maxEdits else { return nil }
        }
        removed += old.count - next
        guard added + removed <= maxEdits, removed <= names.count / 2 else { return nil }
        return positions
    }
}
