import Foundation

/// A readable comparison of two versions of a rendered page: the new text, with whole passages that
/// were added or removed wrapped in `<ins>`/`<del>`, and changed passages shown word by word.
/// Works on the top-level blocks of the HTML (paragraphs, headings, lists, tables), so the
/// reader sees prose, never markup.
enum HTMLDiff {
    struct Block: Equatable {
        /// The block's HTML, without `id`s and heading anchors (both versions may hold the same id).
        var html: String
        /// Its words as a reader sees them, for comparing.
        var text: String
        var tag: String
    }

    struct Result {
        var html: String
        var changedPassages: Int
    }

    static func compare(old: String, new: String) -> Result {
        let before = blocks(of: old), after = blocks(of: new)
        var output = ""
        var changed = 0
        var removed: [Block] = [], added: [Block] = []
        func flush() {
            guard !removed.isEmpty || !added.isEmpty else { return }
            changed += 1
            // A passage rewritten in place (same kind of block) reads best word by word.
            var rewritten = 0
            while rewritten < min(removed.count, added.count) {
                let old = removed[rewritten], new = added[rewritten]
                guard old.tag == new.tag, !old.tag.isEmpty, wordLevelTags.contains(old.tag) else { break }
                output += "<\(new.tag) class=\"diff-changed\">\(wordDiff(old.text, new.text))</\(new.tag)>\n"
                rewritten += 1
            }
            for block in removed[rewritten...] { output += "<del class=\"diff-removed\">\(block.html)</del>\n" }
            for block in added[rewritten...] { output += "<ins class=\"diff-added\">\(block.html)</ins>\n" }
            removed = []
            added = []
        }
        for step in sequenceDiff(before.map(\.text), after.map(\.text)) {
            switch step {
            case .same(_, let index):
                flush()
                output += after[index].html + "\n"
            case .removed(let index): removed.append(before[index])
            case .added(let index): added.append(after[index])
            }
        }
        flush()
        return Result(html: output, changedPassages: changed)
    }

    /// Paragraphs, headings and list items are compared word by word; anything else as a whole.
    static let wordLevelTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]

    /// Whether two renderings say the same words (markup and spacing aside).
    static func sameText(_ a: String, _ b: String) -> Bool {
        blocks(of: a).map(\.text) == blocks(of: b).map(\.text)
    }

    // MARK: - Blocks

    /// Splits HTML at its top level: each element (with everything inside it) is one block.
    static func blocks(of html: String) -> [Block] {
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
        return blocks.filter { !$0.text.isEmpty }
    }

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
        let before = old.split(separator: " ").map(String.init), after = new.split(separator: " ").map(String.init)
        var parts: [String] = []
        var removed: [String] = [], added: [String] = []
        func flush() {
            if !removed.isEmpty { parts.append("<del>\((removed.joined(separator: " ")).htmlEscaped)</del>") }
            if !added.isEmpty { parts.append("<ins>\((added.joined(separator: " ")).htmlEscaped)</ins>") }
            removed = []
            added = []
        }
        for step in sequenceDiff(before, after) {
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
    static let tableLimit = 4_000_000

    /// The steps that turn `a` into `b`, keeping the longest common subsequence; removals come
    /// before additions within a change, so a rewritten passage reads old-then-new.
    static func sequenceDiff(_ a: [String], _ b: [String]) -> [Step] {
        // Common ends first: most edits touch a small middle part of a long text.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        let n = middleA.count, m = middleB.count
        if n * m > tableLimit {
            let middle = (0..<n).map { Step.removed(prefix + $0) } + (0..<m).map { Step.added(prefix + $0) }
            return (0..<prefix).map { Step.same($0, $0) } + middle + (0..<suffix).map { Step.same(a.count - suffix + $0, b.count - suffix + $0) }
        }
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
