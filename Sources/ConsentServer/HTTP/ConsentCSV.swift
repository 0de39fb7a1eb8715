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

    /// Quoted per RFC 4180 and defused against formulas (see `CSVCell`).
    static func escape(_ field: String) -> String { CSVCell.escape(field) }
}
