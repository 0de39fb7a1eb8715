/// The comparison of sibling blocks that descends into what changed: a list item by item, a table
/// row by row (a changed row cell by cell), and a changed paragraph, heading or item word by word.
/// Adjacent changes make one passage, with an id and links to the passages before and after it.
///
/// Marks stay valid HTML: between `<li>`s or `<tr>`s an `<ins>` may not stand, so an added item is
/// `<li class="diff-added"><ins>…</ins></li>`, and a removed row keeps its cells with `<del>` inside.
///
/// Bounds: each level is one `HTMLDiff.sequenceDiff` over the children (linear in their number and
/// length, plus LCS cells taken from one budget for the whole page, `HTMLDiff.tableLimit`); it
/// descends only into a changed pair of blocks, at most `maximumDepth` levels, so a page costs
/// O(maximumDepth × its length + the budget) whatever it holds.
struct StructuralDiff {
    typealias Block = HTMLDiff.Block

    /// Nested lists deeper than this are compared whole (shown removed and added).
    static let maximumDepth = 8

    private(set) var passages = 0
    private var segments: [Segment] = []
    private var budget = HTMLDiff.tableLimit
    /// The passage being written, and whether it is wrapped (in flow content) or must be carried by
    /// its first element (inside a list or a table), which takes `pendingPassage`.
    private var openPassageIsWrapped: Bool?
    private var pendingPassage: Int?

    /// The step links need the number of passages, known only at the end: they are written last.
    private enum Segment {
        case html(String)
        case steps(passage: Int, inline: Bool)
    }

    private enum Mark {
        case added, removed
        var element: String { self == .added ? "ins" : "del" }
        var className: String { self == .added ? "diff-added" : "diff-removed" }
    }

    /// How a changed old block and a new one of the same kind are shown together.
    private enum Pairing {
        case descend(HTMLElementParts, [Block], [Block])
        case words(HTMLElementParts)
        /// Text outside any element, as before a nested list (`<li>Text\n<ul>…`).
        case looseWords
        case row(HTMLElementParts, [Block], [Block])
    }

    static let containerTags: Set<String> = ["ul", "ol", "table", "thead", "tbody", "tfoot", "div", "section", "blockquote"]
    /// Items that are containers when they hold blocks (`<li><p>…</p><ul>…`), else are compared word by word.
    static let itemTags: Set<String> = ["li", "dd"]
    static let wordTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption"]
    /// Parents whose children cannot be wrapped in `<div>`, `<ins>` or `<del>`.
    static let structuredParents: Set<String> = ["ul", "ol", "table", "thead", "tbody", "tfoot"]

    func html() -> String {
        segments.map { segment in
            switch segment {
            case .html(let html): html
            case .steps(let passage, let inline): ChangeSteps.links(passage: passage, of: passages, inline: inline)
            }
        }.joined()
    }

    mutating func compareChildren(_ before: [Block], _ after: [Block], parent: String, depth: Int) {
        var removed: [Block] = [], added: [Block] = []
        for step in HTMLDiff.sequenceDiff(before.map(\.comparisonKey), after.map(\.comparisonKey), budget: &budget) {
            switch step {
            case .same(_, let index):
                writeRun(&removed, &added, parent: parent, depth: depth)
                write(after[index].html + "\n")
            case .removed(let index): removed.append(before[index])
            case .added(let index): added.append(after[index])
            }
        }
        writeRun(&removed, &added, parent: parent, depth: depth)
    }

    /// A run of removals and additions between unchanged blocks: blocks of the same kind are paired
    /// in order (a rewritten paragraph, an edited item); what is left is removed or added whole.
    private mutating func writeRun(_ removed: inout [Block], _ added: inout [Block], parent: String, depth: Int) {
        guard !removed.isEmpty || !added.isEmpty else { return }
        var pairings: [Pairing] = []
        while pairings.count < min(removed.count, added.count),
              let pairing = Self.pairing(removed[pairings.count], added[pairings.count], depth: depth) {
            pairings.append(pairing)
        }
        for (index, pairing) in pairings.enumerated() {
            switch pairing {
            case .descend(let parts, let oldChildren, let newChildren):
                closePassage()
                write(parts.openTag + "\n")
                compareChildren(oldChildren, newChildren, parent: added[index].tag, depth: depth + 1)
                write(parts.closeTag + "\n")
            case .words(let parts):
                openPassage(in: parent)
                writeOpenTag(parts.openTag, className: "diff-changed")
                write(HTMLDiff.wordDiff(removed[index].text, added[index].text, budget: &budget) + parts.closeTag + "\n")
            case .looseWords:
                openPassage(in: parent)
                write(HTMLDiff.wordDiff(removed[index].text, added[index].text, budget: &budget) + "\n")
            case .row(let parts, let oldCells, let newCells):
                openPassage(in: parent)
                writeChangedRow(parts, oldCells, newCells)
            }
        }
        for block in removed[pairings.count...] {
            openPassage(in: parent)
            writeMarked(block, .removed)
        }
        for block in added[pairings.count...] {
            openPassage(in: parent)
            writeMarked(block, .added)
        }
        closePassage()
        removed = []
        added = []
    }

    private static func pairing(_ old: Block, _ new: Block, depth: Int) -> Pairing? {
        if old.tag.isEmpty, new.tag.isEmpty, !old.text.isEmpty, !new.text.isEmpty { return .looseWords }
        guard old.tag == new.tag, let oldParts = HTMLElementParts(old.html, tag: old.tag),
              let newParts = HTMLElementParts(new.html, tag: new.tag) else { return nil }
        let tag = new.tag
        if depth < maximumDepth, containerTags.contains(tag) || itemTags.contains(tag) {
            let oldChildren = HTMLDiff.blocks(of: oldParts.inner, keepingWordless: true)
            let newChildren = HTMLDiff.blocks(of: newParts.inner, keepingWordless: true)
            let holdsBlocks = (oldChildren + newChildren).contains { HTMLDiff.blockLevelTags.contains($0.tag) }
            if containerTags.contains(tag) || holdsBlocks { return .descend(newParts, oldChildren, newChildren) }
        }
        if tag == "tr" {
            let oldCells = cells(of: oldParts), newCells = cells(of: newParts)
            return oldCells.count == newCells.count && !newCells.isEmpty ? .row(newParts, oldCells, newCells) : nil
        }
        return wordTags.contains(tag) ? .words(newParts) : nil
    }

    private static func cells(of row: HTMLElementParts) -> [Block] {
        HTMLDiff.blocks(of: row.inner, keepingWordless: true).filter { $0.tag == "td" || $0.tag == "th" }
    }

    // MARK: - Writing

    private mutating func write(_ html: String) { segments.append(.html(html)) }

    /// A passage in flow content is a `<div>` that starts with its step links; in a list or a table
    /// its first element carries the id and the links.
    private mutating func openPassage(in parent: String) {
        guard openPassageIsWrapped == nil else { return }
        passages += 1
        if Self.structuredParents.contains(parent) {
            pendingPassage = passages
            openPassageIsWrapped = false
        } else {
            write("<div class=\"diff-passage\" id=\"\(ChangeSteps.id(passages))\">\n")
            segments.append(.steps(passage: passages, inline: false))
            openPassageIsWrapped = true
        }
    }

    private mutating func closePassage() {
        if openPassageIsWrapped == true { write("</div>\n") }
        openPassageIsWrapped = nil
        pendingPassage = nil
    }

    /// The element's opening tag with `className`, and, when it starts a passage, its id and step links.
    private mutating func writeOpenTag(_ openTag: String, className: String?) {
        let passage = pendingPassage
        pendingPassage = nil
        if let className {
            write(HTMLElementParts.tag(openTag, addingClass: className, id: passage.map(ChangeSteps.id)))
        } else {
            write(openTag)
        }
        if let passage { segments.append(.steps(passage: passage, inline: true)) }
    }

    /// A row whose cells changed in place: each changed cell word by word.
    private mutating func writeChangedRow(_ row: HTMLElementParts, _ oldCells: [Block], _ newCells: [Block]) {
        let passage = pendingPassage
        pendingPassage = nil
        write(HTMLElementParts.tag(row.openTag, addingClass: "diff-changed", id: passage.map(ChangeSteps.id)))
        for (index, (old, new)) in zip(oldCells, newCells).enumerated() {
            guard let cell = HTMLElementParts(new.html, tag: new.tag) else {
                write(new.html)
                continue
            }
            let changed = old.comparisonKey != new.comparisonKey
            write(changed ? HTMLElementParts.tag(cell.openTag, addingClass: "diff-changed") : cell.openTag)
            if index == 0, let passage { segments.append(.steps(passage: passage, inline: true)) }
            write((changed ? HTMLDiff.wordDiff(old.text, new.text, budget: &budget) : cell.inner) + cell.closeTag)
        }
        write(row.closeTag + "\n")
    }

    /// A block added or removed whole, marked where its kind allows: wrapped in flow content,
    /// else (items, rows, cells) with a class and `<ins>`/`<del>` inside.
    private mutating func writeMarked(_ block: Block, _ mark: Mark) {
        guard let parts = HTMLElementParts(block.html, tag: block.tag) else {
            if block.tag == "colgroup" || block.tag == "col" {
                if mark == .added { write(block.html + "\n") }
            } else {
                write("<\(mark.element) class=\"\(mark.className)\">\(block.html)</\(mark.element)>\n")
            }
            return
        }
        switch block.tag {
        case "li", "dt", "dd", "caption", "td", "th":
            writeOpenTag(parts.openTag, className: mark.className)
            write("<\(mark.element)>\(parts.inner)</\(mark.element)>\(parts.closeTag)\n")
        case "tr":
            // The row carries the passage's id; its links go into the first cell.
            let passage = pendingPassage
            pendingPassage = nil
            write(HTMLElementParts.tag(parts.openTag, addingClass: mark.className, id: passage.map(ChangeSteps.id)))
            for (index, cell) in Self.cells(of: parts).enumerated() {
                guard let cellParts = HTMLElementParts(cell.html, tag: cell.tag) else { continue }
                write(cellParts.openTag)
                if index == 0, let passage { segments.append(.steps(passage: passage, inline: true)) }
                write("<\(mark.element)>\(cellParts.inner)</\(mark.element)>\(cellParts.closeTag)")
            }
            write(parts.closeTag + "\n")
        case "thead", "tbody", "tfoot":
            write(parts.openTag + "\n")
            for row in HTMLDiff.blocks(of: parts.inner, keepingWordless: true) { writeMarked(row, mark) }
            write(parts.closeTag + "\n")
        case "colgroup":
            if mark == .added { write(block.html + "\n") }
        default:
            write("<\(mark.element) class=\"\(mark.className)\">\(block.html)</\(mark.element)>\n")
        }
    }
}
