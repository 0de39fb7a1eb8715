import Yams

extension Node {
    /// The scalar as a whole number, as Yams's `int` reads it, but nil where that reading would trap.
    /// YAML 1.1 base-60 numbers (`1:30` is 90) are summed by Yams without overflow checks, so a page
    /// with `n: 1:0:0:0:0:0:0:0:0:0:0` stopped the build with an arithmetic overflow (found by fuzzing).
    package var wholeNumber: Int? {
        guard let text = scalar?.string.replacingOccurrences(of: "_", with: ""), text.contains(":") else { return int }
        return Self.baseSixtyFits(text) ? int : nil
    }

    /// Whether Yams's sum for `[+-]a:b:c` stays within `Int`, worked out the way Yams works it out
    /// (from the last part, the place value growing by 60 after every part, the last one included).
    private static func baseSixtyFits(_ text: String) -> Bool {
        let negative = text.hasPrefix("-")
        let digits = negative || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ":", omittingEmptySubsequences: false).map { Int($0, radix: 10) }
        guard parts.allSatisfy({ $0 != nil }) else { return true }  // not a number: Yams gives nil before summing
        var place = 1, sum = 0
        for part in parts.reversed() {
            let (term, termOverflow) = part!.multipliedReportingOverflow(by: place)
            let (total, sumOverflow) = sum.addingReportingOverflow(term)
            let (nextPlace, placeOverflow) = place.multipliedReportingOverflow(by: 60)
            if termOverflow || sumOverflow || placeOverflow { return false }
            (sum, place) = (total, nextPlace)
        }
        return !(negative && sum == .min)
    }
}
