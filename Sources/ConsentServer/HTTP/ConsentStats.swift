import PigmentModel

/// Per day (UTC) and optional category: choices made, how many granted it, and the opt-in rate.
struct ConsentStats {
    private struct Day {
        var choices = 0
        var granted: [String: Int] = [:]
    }

    let categories: [String]
    private var days: [String: Day] = [:]
    /// Entries that could not be read: counted here, not left out unseen.
    var unreadable = 0

    init(categories: [String]) { self.categories = categories }

    mutating func add(_ record: ConsentRecord) {
        let key = String(LogTimestamp.text(record.recordedAt).prefix(10))
        var day = days[key] ?? Day()
        day.choices += 1
        for category in categories where record.choices[category] == true { day.granted[category, default: 0] += 1 }
        days[key] = day
    }

    var json: [String: Any] {
        let perDay: [[String: Any]] = days.keys.sorted().map { key in
            let day = days[key]!
            var perCategory: [String: Any] = [:]
            for category in categories {
                let granted = day.granted[category] ?? 0
                perCategory[category] = ["choices": day.choices, "granted": granted, "optInRate": Double(granted) / Double(day.choices)]
            }
            return ["day": key, "choices": day.choices, "categories": perCategory]
        }
        return ["days": perDay, "unreadableRecords": unreadable]
    }
}
