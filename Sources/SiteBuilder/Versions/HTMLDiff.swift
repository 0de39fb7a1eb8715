import Foundation

/// A readable comparison of two versions of a rendered page: the new text, with what was added or
/// removed in `<ins>`/`<del>` and changed passages shown word by word. It compares blocks
/// (paragraphs, headings, lists, tables) and descends into the lists and tables that changed
/// (`StructuralDiff`), so the reader sees prose, never markup, and one added bullet is one item.
enum HTMLDiff {
    struct Block: Equatable {
        /// The block's HTML, without `id`s and heading anchors (both versions may hold the same id).
        var html: String
        /// Its words as a reader sees them, for comparing.
        var text: String
        var tag: String

        /// What the comparison matches on: the words, or for a block without words (an image, a
        /// rule) its markup, so that adding one is still a change.
        var comparisonKey: String { text.isEmpty ? html : text }
    }

    struct Result {
        var html: String
        /// Runs of adjacent changes, each with an id (`change-1`, …) and links to the next and previous.
        var changedPassages: Int
    }

    static func compare(old: String, new: String) -> Result {
        var diff = StructuralDiff()
        diff.compareChildren(blocks(of: old, keepingWordless: true), blocks(of: new, keepingWordless: true), parent: "", depth: 0)
        return Result(html: diff.html(), changedPassages: diff.passages)
    }

    /// Whether two renderings say the same words (markup and spacing aside).
    static func sameText(_ a: String, _ b: String) -> Bool {
        blocks(of: a).map(\.text) == blocks(of: b).map(\.text)
    }

    // MARK: - Blocks

    /// Splits HTML at its top level: each element (with everything inside it) is one block. Blocks
    /// without words are left out, unless `keepingWordless` keeps the elements among them (an image,
    /// a table's `colgroup`), which the diff must not lose when it rebuilds a list or a table.
    static func blocks(of html: String, keepingWordless: Bool = false) -> [Block] {
        var blocks: [Block] = []
        var depth = 0
        var start: String.Index?
        var openTag = ""
        var index = html.startIndex
        // Once no `>` follows, none follows any later `<` either: not searching again keeps a text of many `<` linear.
        var closesLeft = true
        while index < html.endIndex {
            guard html[index] == "<", closesLeft, let close = html[index...].firstIndex(of: ">") else {
                if html[index] == "<" { closesLeft = false }
                if depth == 0, start == nil, !html[index].isWhitespace {
                    start = index
                    openTag = ""
                }
                index = html.index(after: index)
                continue
            }
            let tag = html[html.index(after: index)..<close]
            let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            let isVoid = voidElements.contains(name) || tag.hasSuffix("/") || tag.hasPrefix("!")
            // Text before a nested list (`<li>Text\n<ul>…`) is a block of its own, not the list's start.
            if depth == 0, let begin = start, openTag.isEmpty, !tag.hasPrefix("/"), blockLevelTags.contains(name) {
                blocks.append(block(String(html[begin..<index]), tag: ""))
                start = nil
            }
            if tag.hasPrefix("/") {
                depth = max(0, depth - 1)
            } else {
                if depth == 0, start == nil {
                    start = index
                    openTag = name
                }
                if !isVoid { depth += 1 }
            }
            index = html.index(after: close)
            if depth == 0, let begin = start {
                // Inline text at the top level runs on to the next tag; elements end at their close.
                if openTag.isEmpty && index < html.endIndex && html[index] != "\n" { continue }
                blocks.append(block(String(html[begin..<index]), tag: openTag))
                start = nil
            }
        }
        if let begin = start { blocks.append(block(String(html[begin...]), tag: openTag)) }
        return blocks.filter { !$0.text.isEmpty || (keepingWordless && !$0.tag.isEmpty) }
    }

    /// Elements that end a run of inline text at the top level.
    static let blockLevelTags: Set<String> = ["p", "ul", "ol", "li", "div", "table", "blockquote", "pre", "dl", "hr",
                                              "section", "figure", "h1", "h2", "h3", "h4", "h5", "h6"]

    private static let voidElements: Set<String> = ["br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"]

    private static func block(_ html: String, tag: String) -> Block {
        let cleaned = HTMLSpans.removingIDs(HTMLSpans.removing(from: #"<a class="heading-anchor""#, to: "</a>", in: html))
        return Block(html: cleaned.trimmingCharacters(in: .whitespacesAndNewlines), text: plainText(cleaned), tag: tag)
    }

    /// The words of some HTML: tags dropped, entities decoded, spacing collapsed.
    static func plainText(_ html: String) -> String {
        let withoutTags = HTMLSpans.replacingTags(in: html, with: " ")
        let decoded = withoutTags
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: - Words

    /// The new text with removed words in `<del>` and added words in `<ins>` (escaped, no markup kept).
    static func wordDiff(_ old: String, _ new: String) -> String {
        var budget = tableLimit
        return wordDiff(old, new, budget: &budget)
    }

    static func wordDiff(_ old: String, _ new: String, budget: inout Int) -> String {
        let before = old.split(separator: " ").map(String.init), after = new.split(separator: " ").map(String.init)
        var parts: [String] = []
        var removed: [String] = [], added: [String] = []
        func flush() {
            if !removed.isEmpty { parts.append("<del>\((removed.joined(separator: " ")).htmlEscaped)</del>") }
            if !added.isEmpty { parts.append("<ins>\((added.joined(separator: " ")).htmlEscaped)</ins>") }
            removed = []
            added = []
        }
        for step in sequenceDiff(before, after, budget: &budget) {
            switch step {
            case .same(_, let index):
                flush()
                parts.append(after[index].htmlEscaped)
            case .removed(let index): removed.append(before[index])
            case .added(let index): added.append(after[index])
            }
        }
        flush()
        return parts.joined(separator: " ")
    }

    // MARK: - Longest common subsequence

    enum Step: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    /// Past this many cells (a few megabytes, milliseconds) the table is not made: the middle parts are
    /// shown as removed and added whole, so two long texts that differ throughout cost linear time.
    /// It is also the budget of a whole page's comparison: the tables of every list, row and
    /// paragraph it descends into together fill at most this many cells.
    static let tableLimit = 4_000_000

    static func sequenceDiff(_ a: [String], _ b: [String]) -> [Step] {
        var budget = tableLimit
        return sequenceDiff(a, b, budget: &budget)
    }

    /// The steps that turn `a` into `b`, keeping the longest common subsequence (the textbook
    /// table, after the common ends are cut off: O(n + m) for those, and O(n·m) cells for the middle
    /// only while `budget` lasts, which they are taken from); removals come before additions within
    /// a change, so a rewritten passage reads old-then-new.
    static func sequenceDiff(_ a: [String], _ b: [String], budget: inout Int) -> [Step] {
        // Common ends first: most edits touch a small middle part of a long text.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        let n = middleA.count, m = middleB.count
        if n * m > budget {
            let middle = (0..<n).map { Step.removed(prefix + $0) } + (0..<m).map { Step.added(prefix + $0) }
            return (0..<prefix).map { Step.same($0, $0) } + middle + (0..<suffix).map { Step.same(a.count - suffix + $0, b.count - suffix + $0) }
        }
        budget -= n * m
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i][j] = middleA[i] == middleB[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
        }
        var steps = (0..<prefix).map { Step.same($0, $0) }
        var i = 0, j = 0
        var removals: [Step] = [], additions: [Step] = []
        while i < n || j < m {
            if i < n, j < m, middleA[i] == middleB[j] {
                steps += removals + additions
                removals = []
                additions = []
                steps.append(.same(prefix + i, prefix + j))
                i += 1
                j += 1
            } else if j < m, i == n || lengths[i][j + 1] >= lengths[i + 1][j] {
                additions.append(.added(prefix + j))
                j += 1
            } else {
                removals.append(.removed(prefix + i))
                i += 1
            }
        }
        steps += removals + additions
        steps += (0..<suffix).map { Step.same(a.count - suffix + $0, b.count - suffix + $0) }
        return steps
    }
}
