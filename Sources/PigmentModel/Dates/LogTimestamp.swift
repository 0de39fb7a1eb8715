import Foundation

/// How the log writes a moment: fixed-width UTC with milliseconds (`2026-05-04T10:30:00.250Z`), which
/// sorts as it reads and compares correctly as text in SQL. Used by the stores, the API and the CSV.
public enum LogTimestamp {
    public static func text(_ date: Date) -> String {
        // By arithmetic rather than Calendar and String(format:), which cost more than the insert itself.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds.floorDivided(by: 1000)
        let days = seconds.floorDivided(by: 86_400)
        let time = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T\(digits(time / 3600, 2)):\(digits(time % 3600 / 60, 2))"
            + ":\(digits(time % 60, 2)).\(digits(milliseconds - seconds * 1000, 3))Z"
    }

    /// The moment `text(_:)` wrote, or nil for any other text: a real date and time of day, every
    /// digit in place. Nothing is guessed, so a row the server did not write is found, not misread.
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millisecond = number(20..<23),
              (1...12).contains(month), (1...CivilDate.days(inMonth: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        // Whole seconds, then the milliseconds added: the same Double a Date made that way holds.
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
            .addingTimeInterval(Double(millisecond) / 1000)
    }
}
