import Testing
@testable import SiteBuilder

@Suite("takeAll")
struct TakeAllTests {
    final class Value {
        let id: Int
        init(_ id: Int) { self.id = id }
    }

    /// Every value comes out, in order, and nothing else holds it afterwards. (That it is moved rather
    /// than copied, which is the point, shows only in a profile: both leave the same result.)
    @Test func givesEveryValueInOrderAndKeepsNone() {
        let optionals: [Value?] = (0..<100).map { Value($0) }
        var values = (consume optionals).takeAll()
        #expect(values.map(\.id) == Array(0..<100))
        #expect(values.indices.allSatisfy { isKnownUniquelyReferenced(&values[$0]) })
    }
}
