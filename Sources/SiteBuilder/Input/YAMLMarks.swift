import Synchronization
import Yams

/// Yams's own positions (`Mark`) for the nodes `PlainFrontMatter` makes without Yams. `Mark` has no
/// public initializer: marks come only out of Yams's parser. So the first time a position is asked
/// for, Yams parses a document holding one word at that line and column (about 4 µs), and the mark
/// is kept. A site's front matter puts its nodes at a few dozen positions; later asks take a lock
/// and two indexes, lost in the noise of the reader's 8 µs a page.
enum YAMLMarks {
    /// Beyond these the reader declines and Yams reads the file, so a crafted file cannot make us keep
    /// more than a few megabytes of marks. Front matter seldom has more than 20 lines or 200 columns.
    static let lines = 200
    static let columns = 500

    static func mark(line: Int, column: Int) -> Mark? {
        guard (1...lines).contains(line), (1...columns).contains(column) else { return nil }
        if let known = known.withLock({ $0.mark(line: line, column: column) }) { return known }
        guard let made = askYams(line: line, column: column) else { return nil }
        known.withLock { $0.keep(made) }
        return made
    }

    private static let known = Mutex(Table())

    /// `rows[line - 1][column - 1]`, each row as long as its furthest column asked for.
    private struct Table {
        var rows: [[Mark?]] = []

        func mark(line: Int, column: Int) -> Mark? {
            line <= rows.count && column <= rows[line - 1].count ? rows[line - 1][column - 1] : nil
        }

        mutating func keep(_ mark: Mark) {
            while rows.count < mark.line { rows.append([]) }
            let missing = mark.column - rows[mark.line - 1].count
            if missing > 0 { rows[mark.line - 1].append(contentsOf: repeatElement(nil, count: missing)) }
            rows[mark.line - 1][mark.column - 1] = mark
        }
    }

    /// The mark of a word alone at that line and column; nil if Yams ever put it elsewhere.
    private static func askYams(line: Int, column: Int) -> Mark? {
        let yaml = String(repeating: "\n", count: line - 1) + String(repeating: " ", count: column - 1) + "a"
        guard let mark = (try? Yams.compose(yaml: yaml, .basic, .default, .utf8))??.mark,
              mark.line == line, mark.column == column else { return nil }
        return mark
    }
}
