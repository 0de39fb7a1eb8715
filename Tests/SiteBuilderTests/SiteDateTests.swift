import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Front-matter dates are parsed by hand (for speed), so their rules are pinned here against Foundation's clock.
@Suite("Front-matter dates")
struct SiteDateTests {
    static func seconds(_ text: String) -> Double? { SiteDate(parsing: text)?.date.timeIntervalSince1970 }

    @Test func everyWrittenFormReadsAsTheSameInstantFoundationDoes() throws {
        let iso = ISO8601DateFormatter()
        #expect(Self.seconds("2026-05-04") == iso.date(from: "2026-05-04T00:00:00Z")!.timeIntervalSince1970)
        #expect(Self.seconds("2026-05-04T10:30:00Z") == iso.date(from: "2026-05-04T10:30:00Z")!.timeIntervalSince1970)
        #expect(Self.seconds("2026-05-04T10:30:00+02:00") == iso.date(from: "2026-05-04T08:30:00Z")!.timeIntervalSince1970)
        #expect(Self.seconds("2026-05-04T10:30-0130") == iso.date(from: "2026-05-04T12:00:00Z")!.timeIntervalSince1970)
        #expect(Self.seconds("2026-05-04 10:30:00") == iso.date(from: "2026-05-04T10:30:00Z")!.timeIntervalSince1970)
        #expect(Self.seconds("2026-05-04 10:30:00 +0200") == iso.date(from: "2026-05-04T08:30:00Z")!.timeIntervalSince1970, "as Jekyll writes it")
        #expect(Self.seconds("  2024-02-29T23:59:59.250Z ") == iso.date(from: "2024-02-29T23:59:59Z")!.timeIntervalSince1970)
        #expect(Self.seconds("1969-12-31") == -86_400)
        #expect(Self.seconds("2000-03-01") == iso.date(from: "2000-03-01T00:00:00Z")!.timeIntervalSince1970)
        #expect(SiteDate(parsing: "2026-05-04")?.hasTime == false)
        #expect(SiteDate(parsing: "2026-05-04T10:30:00Z")?.hasTime == true)
    }

    @Test func impossibleOrMalformedDatesAreRefused() {
        for text in ["2026-02-29", "2026-02-31", "2026-04-31", "2026-13-01", "2026-00-10", "2026-05-00", "2026-05-04T24:00",
                     "2026-05-04T10:60", "2026-5-4", "2026-05-04T", "2026-05-04T10:30:00.Z", "2026-05-04x", "2026-05-04 10:30:00 +", "2026-05-04 10:30:00  +0200", "May 4, 2026", ""] {
            #expect(SiteDate(parsing: text) == nil, "\(text) was accepted")
        }
        #expect(SiteDate(parsing: "2000-02-29") != nil, "2000 is a leap year")
        #expect(SiteDate(parsing: "1900-02-29") == nil, "1900 is not")
    }

    @Test func datesPrintInUTCWhateverTheOffsetTheyWereWrittenWith() throws {
        let date = try #require(SiteDate(parsing: "2026-01-01T01:30:05+02:00"))
        #expect(date.isoDay == "2025-12-31")
        #expect(date.rfc3339 == "2025-12-31T23:30:05Z")
        #expect(date.display == "December 31, 2025")
        #expect(SiteDate(parsing: "0999-03-07")?.isoDay == "0999-03-07")
        #expect(SiteDate(parsing: "1969-07-20T20:17:40Z")?.rfc3339 == "1969-07-20T20:17:40Z")
    }
}
