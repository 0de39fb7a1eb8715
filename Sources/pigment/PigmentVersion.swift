import SiteBuilder

/// What `pigment --version` prints: the tool's version and the renderer it was linked with.
enum PigmentVersion {
    /// Raised with each release (`0.MINOR.0` until the content format is promised stable).
    static let number = "0.16.0"

    static var description: String { "pigment \(number) (libcmark \(CmarkLibrary.version))" }
}
