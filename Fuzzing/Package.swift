// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer binary, a package of its own so that the sanitizer flags it needs
// (`-sanitize=fuzzer,address`, see the Makefile's `fuzz`) never reach the site's normal build.
// Built and run by `make fuzz` (see fuzz.sh); the targets live in the root package's FuzzTargets.
let package = Package(
    name: "pigment-fuzzing",
    platforms: [.macOS(.v15)],  // as the root package
    dependencies: [
        .package(name: "pigment", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "pigment-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "FuzzTargets", package: "pigment")],
            path: "Sources/PigmentFuzz"
        ),
        .target(name: "CLibFuzzer"),
    ]
)
