import Foundation
import PigmentModel
import Testing

/// The log's timestamps sort as they read, so every one has the same width and reads back to the same moment.
@Suite("Log timestamps")
struct LogTimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_780_000_000.25, "2026-05-28T20:26:40.250Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (1_767_225_599.9996, "2026-01-01T00:00:00.000Z"),
        (1_767_225_599.9994, "2025-12-31T23:59:59.999Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func aMomentIsWrittenFixedWidthInUTCToTheMillisecond(seconds: Double, written: String) {
        #expect(LogTimestamp.text(Date(timeIntervalSince1970: seconds)) == written)
    }

    @Test func whatIsWrittenReadsBackToTheSameMillisecondAndSortsAsTime() {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = (0..<2_000).map { _ in Int.random(in: 0..<4_102_444_800_000, using: &generator) }
        let moments = milliseconds.map { Double($0) / 1000 }
        for (moment, millisecond) in zip(moments, milliseconds) {
            let text = LogTimestamp.text(Date(timeIntervalSince1970: moment))
            #expect(text.utf8.count == 24)
            #expect(LogTimestamp.date(text).map { Int(($0.timeIntervalSince1970 * 1000).rounded()) } == millisecond, "\(text)")
        }
        let sorted = moments.sorted()
        #expect(sorted.map { LogTimestamp.text(Date(timeIntervalSince1970: $0)) } == sorted.map { LogTimestamp.text(Date(timeIntervalSince1970: $0)) }.sorted())
    }

    @Test func aYearBeyondFourDigitsIsStillWrittenWhole() {
        #expect(LogTimestamp.text(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
    }
}
