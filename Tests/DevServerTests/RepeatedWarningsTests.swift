import DevServer
import PigmentModel
import Testing

@Suite("serve prints a warning once")
struct RepeatedWarningsTests {
    let noDate = Diagnostic.warning("legal page has no 'updated' date", at: SourceLocation(file: "Content/legal/a.md", line: 2))
    let otherNoDate = Diagnostic.warning("legal page has no 'updated' date", at: SourceLocation(file: "Content/legal/b.md", line: 2))
    let brokenLink = Diagnostic.error("link to a page that does not exist", at: SourceLocation(file: "Content/index.md", line: 4, column: 9))

    @Test func theFirstBuildPrintsEverything() {
        let shown = RepeatedWarnings().toPrint([noDate, otherNoDate])
        #expect(shown.shown == [noDate, otherNoDate])
        #expect(shown.repeated == 0)
    }

    @Test func aRebuildPrintsItsNewWarningsAndEveryError() {
        let warnings = RepeatedWarnings()
        _ = warnings.toPrint([noDate])
        let second = warnings.toPrint([brokenLink, noDate, otherNoDate])
        #expect(second.shown == [brokenLink, otherNoDate])
        #expect(second.repeated == 1)
        // The same error in the next build is printed again: the build failed again because of it.
        let third = warnings.toPrint([brokenLink, noDate, otherNoDate])
        #expect(third.shown == [brokenLink])
        #expect(third.repeated == 2)
    }

    @Test func aWarningThatWentAwayAndCameBackIsPrintedAgain() {
        let warnings = RepeatedWarnings()
        _ = warnings.toPrint([noDate])
        _ = warnings.toPrint([])
        #expect(warnings.toPrint([noDate]).shown == [noDate])
    }

    @Test func aWarningThatMovedIsPrintedAtItsNewPlace() {
        let warnings = RepeatedWarnings()
        _ = warnings.toPrint([noDate])
        var moved = noDate
        moved.location.line += 3
        #expect(warnings.toPrint([moved]) == ([moved], 0))
    }
}
