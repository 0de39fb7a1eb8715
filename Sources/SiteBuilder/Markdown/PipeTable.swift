import Foundation

/// GFM pipe tables, which CommonMark renders as plain text: the renderer warns when a page has one.
enum PipeTable {
    /// `|---|:---:|`, `--- | ---`: a GFM table's delimiter row.
    static func isDelimiterRow(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("|"), trimmed.contains("-") else { return false }
        return trimmed.split(separator: "|").allSatisfy { cell in
            cell.trimmingCharacters(in: .whitespaces).range(of: #"^:?-+:?$"#, options: .regularExpression) != nil
        }
    }
}
