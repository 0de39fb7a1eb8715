import PigmentModel

/// The log as CSV for an auditor: one row a record, one column a category, each row with its place
/// in the log and its hash so it can be matched against `pigment consent verify`. A spreadsheet
/// opens it without running anything a visitor sent.
enum ConsentCSV {
    static func header(categories: [String]) -> String {
        (["position", "recorded_at", "consent_id", "event", "method", "source", "gpc", "registry_version", "policy_version", "page",
          "client_revision"]
         + categories + ["hash", "problem"]).joined(separator: ",") + "\r\n"
    }

    /// One line; an unreadable entry keeps its position and hash and says what is wrong with it.
    static func row(_ entry: LoggedRecord, categories: [String]) -> String {
        let fields: [String]
        switch entry.record {
        case .success(let record):
            fields = [String(entry.position), LogTimestamp.text(record.recordedAt), record.consentID, record.event.rawValue,
                      record.method.rawValue, record.source.rawValue, record.gpc ? "true" : "false", record.registryVersion,
                      record.policyVersion ?? "", record.pagePath ?? "", record.clientRevision ?? ""]
                + categories.map { record.choices[$0].map { $0 ? "granted" : "denied" } ?? "" } + [entry.hash ?? "", ""]
        case .failure(let unreadable):
            fields = [String(entry.position)] + Array(repeating: "", count: 10 + categories.count)
                + [entry.hash ?? "", "unreadable: \(unreadable.column) \(unreadable.problem)"]
        }
        return fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// Characters a spreadsheet may take as the start of a formula (OWASP's list, plus `|` for DDE).
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "|"]
    /// Characters that end a field or a line unless quoted (`;` for spreadsheets set to split on it).
    private static let needsQuotes: Set<Unicode.Scalar> = [",", "\"", "\r", "\n", ";"]

    /// RFC 4180 quoting and formula defusing, by Unicode scalar: Swift's `Character` makes "\r\n" one
    /// character, equal to neither "\r" nor "\n", and joins a quote to a combining mark after it.
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
}
