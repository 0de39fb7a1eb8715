extension UInt8 {
    /// `A`–`Z` or `a`–`z`.
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    /// `0`–`9`.
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
}
