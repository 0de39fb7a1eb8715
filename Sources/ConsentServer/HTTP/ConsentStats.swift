import PigmentModel

/// Per day (UTC) and optional category: choices made, how many granted it, and the opt-in rate.
/// Answered as `{"days": [{"day", "choices", "categories": {id: {"choices", "granted", "optInRate"}}}], "unreadableRecords"}`.
struct ConsentStats: Encodable {
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

    private struct DayAnswer: Encodable {
        var day: String
        var choices: Int
        var categories: [String: CategoryAnswer]
    }

    private struct CategoryAnswer: Encodable {
        var choices: Int
        var granted: Int
        var optInRate: Double
    }

    private enum CodingKeys: String, CodingKey { case days, unreadableRecords }

    func encode(to encoder: any Encoder) throws {
        let perDay = days.keys.sorted().map { key in
            let day = days[key]!
            var perCategory: [String: CategoryAnswer] = [:]
            for category in categories {
                let granted = day.granted[category] ?? 0
                perCategory[category] = CategoryAnswer(choices: day.choices, granted: granted, optInRate: Double(granted) / Double(day.choices))
            }
            return DayAnswer(day: key, choices: day.choices, categories: perCategory)
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(perDay, forKey: .days)
        try container.encode(unreadable, forKey: .unreadableRecords)
    }
}
