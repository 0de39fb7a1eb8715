/// The log as CSV for an auditor: one row a record, one column a category.
enum ConsentCSV {
    static func text(_ records: [ConsentRecord], categories: [String]) -> String {
        var lines = [(["recorded_at", "consent_id", "event", "method", "source", "gpc", "registry_version", "policy_version", "page"]
                      + categories).joined(separator: ",")]
        for record in records {
            let fields = [SQLiteConsentStore.timestamp(record.recordedAt), record.consentID, record.event.rawValue,
                          record.method.rawValue, record.source.rawValue, record.gpc ? "true" : "false", record.registryVersion,
                          record.policyVersion ?? "", record.pagePath ?? ""]
                + categories.map { record.choices[$0].map { $0 ? "granted" : "denied" } ?? "" }
            lines.append(fields.map(escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is defused so a spreadsheet never runs it as a formula.
    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Per day (UTC) and optional category: choices made, how many granted it, and the opt-in rate.
enum ConsentStats {
    static func days(_ records: [ConsentRecord], categories: [String]) -> [[String: Any]] {
        var byDay: [String: [ConsentRecord]] = [:]
        for record in records { byDay[String(SQLiteConsentStore.timestamp(record.recordedAt).prefix(10)), default: []].append(record) }
        return byDay.keys.sorted().map { day in
            let dayRecords = byDay[day]!
            var perCategory: [String: Any] = [:]
            for category in categories {
                let granted = dayRecords.filter { $0.choices[category] == true }.count
                perCategory[category] = ["choices": dayRecords.count, "granted": granted,
                                         "optInRate": Double(granted) / Double(dayRecords.count)]
            }
            return ["day": day, "choices": dayRecords.count, "categories": perCategory]
        }
    }
}
