@testable import PigmentModel
import Testing

@Suite("Consent ids")
struct ConsentIDTests {
    @Test func consentIDsAre128RandomBits() {
        let ids = (0..<1000).map { _ in ConsentID.generate() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy(ConsentID.isValid))
        #expect(!ConsentID.isValid("0123456789ABCDEF0123456789abcdef"))
        #expect(!ConsentID.isValid("0123"))
        #expect(ConsentID.hex(0x0123_4567_89ab_cdef, 0xf) == "0123456789abcdef000000000000000f", "leading zeros kept, high word first")
        #expect(ConsentID.hex(.max, 0) == "ffffffffffffffff0000000000000000")
    }
}
