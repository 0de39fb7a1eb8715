/// How what links can lead to changed between two builds of `pigment serve`, when it changed simply:
/// pages came or went, and nothing else that exists changed (aliases, files and unreadable pages as they
/// were). A link that led somewhere still does unless it led to a page that went, so a page whose links
/// all led somewhere keeps its findings without its links being checked again.
struct LinkStructureChange: Sendable {
    /// `LinkChecker.structureDigest` before and after.
    var from: Int
    var to: Int
    var removedPages: Set<String>

    /// The change from `old` to `new`; nil when more than pages changed.
    init?(from old: LinkChecker.Inputs, structure oldStructure: Int, to new: LinkChecker.Inputs, structure newStructure: Int) {
        guard old.aliases == new.aliases, old.unreadable == new.unreadable, old.files.isSubset(of: new.files) else { return nil }
        from = oldStructure
        to = newStructure
        let (oldURLs, newURLs) = (old.pageURLs, new.pageURLs)
        if let positions = NameAlignment.positions(of: newURLs, in: oldURLs) {
            var kept = [Bool](repeating: false, count: oldURLs.count)
            for case let position? in positions { kept[position] = true }
            removedPages = Set(oldURLs.indices.lazy.filter { !kept[$0] }.map { oldURLs[$0] })
        } else {
            removedPages = Set(oldURLs).subtracting(newURLs)
        }
    }

    /// Whether links found to lead where `bases` say still do.
    func keeps(_ bases: [LinkChecker.Basis]) -> Bool {
        if removedPages.isEmpty { return true }
        // A page or two removed (the usual edit): compared directly, as most URLs differ in length
        // at once; hashing every link's target of 10,000 pages took 5–10 ms of the rebuild.
        if removedPages.count <= 4 {
            let removed = Array(removedPages)
            return bases.allSatisfy { basis in
                if case .page(_, let page) = basis { return !removed.contains(page) }
                return true
            }
        }
        return bases.allSatisfy { basis in
            if case .page(_, let page) = basis { return !removedPages.contains(page) }
            return true
        }
    }
}
