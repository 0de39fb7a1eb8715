/// One CSV field as RFC 4180 quotes it, defused so a spreadsheet never takes it for a formula: the
/// consent export and the dashboard's tables both hold text that visitors sent (paths, referrers).
enum CSVCell {
    /// Characters a spreadsheet may take as the start of a formula (OWASP's list, plus `|` for DDE).
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "|"]
    /// Characters that end a field or a line unless quoted (`;` for spreadsheets set to split on it).
    private static let needsQuotes: Set<Unicode.Scalar> = [",", "\"", "\r", "\n", ";"]

    /// Works by Unicode scalar: Swift's `Character` makes "\r\n" one character, equal to neither
    /// "\r" nor "\n", and joins a quote to a combining mark after it.
    static func escape(_ field: String) -> String {
        var scalars = field.unicodeScalars
        if let first = scalars.first, formulaStarts.contains(first) { scalars.insert("'", at: scalars.startIndex) }
        guard scalars.contains(where: needsQuotes.contains) else { return String(scalars) }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One line of fields, ended by CRLF as RFC 4180 has it.
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }
}
