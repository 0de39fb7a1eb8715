import CCmark

/// The libcmark the binary is linked against (Debian's `libcmark-dev`): its version goes in
/// `pigment --version`, since a CI log that shows different HTML should say which renderer made it.
public enum CmarkLibrary {
    public static var version: String { String(cString: cmark_version_string()) }
}
