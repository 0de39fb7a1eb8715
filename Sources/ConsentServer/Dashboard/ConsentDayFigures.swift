import PigmentModel

/// What the consent log says about a range, per day (UTC): choices made, how many granted the
/// analytics category, how many refused every optional category, and how many came with a GPC
/// signal. Built a record at a time, so a range of any size is read a page at a time.
struct ConsentDayFigures: Sendable {
    struct Day: Sendable, Equatable {
        var day: String
        var choices = 0
        var analyticsGranted = 0
        var refusals = 0
        var gpc = 0

        var optInRate: Double? { share(analyticsGranted) }
        var refusalShare: Double? { share(refusals) }
        var gpcShare: Double? { share(gpc) }
        private func share(_ count: Int) -> Double? { choices == 0 ? nil : Double(count) / Double(choices) }
    }

    let analyticsCategory: String
    let optionalCategories: [String]
    private var byDay: [String: Day] = [:]
    var unreadable = 0

    init(analyticsCategory: String, optionalCategories: [String]) {
        self.analyticsCategory = analyticsCategory
        self.optionalCategories = optionalCategories
    }

    mutating func add(_ record: ConsentRecord) {
        // An erasure changes no choice: it is not a choice made that day.
        guard record.event != .erasure else { return }
        let key = UTCDay.text(record.recordedAt)
        var day = byDay[key] ?? Day(day: key)
        day.choices += 1
        if record.choices[analyticsCategory] == true { day.analyticsGranted += 1 }
        if !optionalCategories.isEmpty, optionalCategories.allSatisfy({ record.choices[$0] != true }) { day.refusals += 1 }
        if record.gpc { day.gpc += 1 }
        byDay[key] = day
    }

    /// Every day of the range, days without choices as zeros.
    func days(_ range: DashboardRange) -> [Day] {
        range.days.map { byDay[$0] ?? Day(day: $0) }
    }

    /// The whole range as one day named by the range.
    func total(_ range: DashboardRange) -> Day {
        var total = Day(day: "\(range.from) – \(range.to)")
        for day in days(range) {
            total.choices += day.choices
            total.analyticsGranted += day.analyticsGranted
            total.refusals += day.refusals
            total.gpc += day.gpc
        }
        return total
    }
}
