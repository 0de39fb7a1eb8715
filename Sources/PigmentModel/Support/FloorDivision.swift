extension Int {
    /// Division rounding toward minus infinity, so days before 1970 fall on the right date.
    func floorDivided(by divisor: Int) -> Int { (self - floorModulo(divisor)) / divisor }
    /// The remainder of `floorDivided(by:)`, never negative for a positive divisor.
    func floorModulo(_ divisor: Int) -> Int { ((self % divisor) + divisor) % divisor }
}
