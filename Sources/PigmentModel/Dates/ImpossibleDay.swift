import Foundation

extension SiteDate {
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    /// Why a text written like a date names no day of the calendar ("2026-02-30 is not a day:
    /// February 2026 has 28 days"); nil when its day exists or it is not written like a date at all.
    /// "Must be a date like 2026-05-04" would only puzzle a writer who wrote one.
    public static func impossibleDay(in text: String) -> String? {
        let day = text.trimmingCharacters(in: .whitespaces).prefix(10)
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]) else { return nil }
        guard (1...12).contains(month) else { return "\(day) is not a day: months run from 01 to 12" }
        let length = CivilDate.days(inMonth: month, year: year)
        guard (1...length).contains(dayOfMonth) else {
            return "\(day) is not a day: \(monthNames[month - 1]) \(year) has \(length) days"
        }
        return nil
    }
}
