import Testing
@testable import SiteBuilder

/// `NameAlignment` finds where each name was by walking both lists; every answer it gives must be the
/// name's true position, and it must give up rather than guess when the lists differ by more.
@Suite("Name alignment")
struct NameAlignmentTests {
    let old = (0..<50).map { "page-\($0)" }

    @Test func theSameListIsEveryNameInPlace() {
        #expect(NameAlignment.positions(of: old, in: old) == old.indices.map { $0 })
    }

    @Test func aNameAddedIsNewAndTheRestAreFound() throws {
        var names = old
        names.insert("page-new", at: 20)
        let positions = try #require(NameAlignment.positions(of: names, in: old))
        for (index, position) in positions.enumerated() {
            #expect(position.map { old[$0] } == (names[index] == "page-new" ? nil : names[index]))
        }
    }

    @Test func namesRemovedAreSteppedOver() throws {
        var names = old
        names.remove(at: 10)
        names.remove(at: 30)
        names.removeLast()
        let positions = try #require(NameAlignment.positions(of: names, in: old))
        #expect(positions.map { $0.map { old[$0] } } == names)
    }

    @Test func aFewNamesOfAManyIsNotAnAlignment() {
        #expect(NameAlignment.positions(of: ["page-30"], in: old) == nil)
        #expect(NameAlignment.positions(of: Array(old.prefix(20)), in: old) == nil)
    }

    @Test func aListInAnotherOrderIsNotAnAlignment() {
        #expect(NameAlignment.positions(of: old.reversed(), in: old) == nil)
    }

    @Test func aNameFarFromWhereItWasIsNeverGivenAWrongPlace() {
        var names = old
        names.swapAt(5, 40)
        if let positions = NameAlignment.positions(of: names, in: old) {
            for (index, position) in positions.enumerated() {
                if let position { #expect(old[position] == names[index]) }
            }
        }
    }
}
