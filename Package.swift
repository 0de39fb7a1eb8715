// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pigment",
    // macOS 15 for the Synchronization module (Mutex, Atomic). Linux and macOS differ in one file
    // each: SiteBuilder's Support/CLibrary.swift, and DevServer's InotifySession.swift (Linux only).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pigment", targets: ["pigment"]),
        .library(name: "SiteBuilder", targets: ["SiteBuilder"]),
        // For the libFuzzer binary in Fuzzing/, a package of its own (it needs sanitizer flags on everything).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev (Homebrew's cmark on macOS), found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // What the site builder and the consent server share: the consent registry and how it is read
        // and checked (YAML through Yams, diagnostics like a compiler's), dates, and the consent record.
        .target(
            name: "PigmentModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The build: Content, Templates and public into a site on disk.
        .target(
            name: "SiteBuilder",
            dependencies: [
                "PigmentModel",
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                // `check --external`'s requests (see ExternalLinkChecker).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The consent API: validation, the hash-chained log, its stores (SQLite, PostgreSQL), HTTP routes and operations.
        // It links the model, not the site builder (no cmark, no Mustache).
        .target(
            name: "ConsentServer",
            dependencies: [
                "PigmentModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, which GRDB links: the event insert binds values with it (`SQLiteEventInsert`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `pigment serve`'s HTTP server, file watcher and live reload.
        .target(
            name: "DevServer",
            dependencies: [
                "PigmentModel",
                "SiteBuilder",
                "ConsentServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command line; no logic of its own.
        .executableTarget(
            name: "pigment",
            dependencies: [
                "PigmentModel",
                "SiteBuilder",
                "DevServer",
                "ConsentServer",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // jemalloc instead of glibc's malloc: a 10,000-page build took 35% less CPU (3.2 s user against
            // 4.9-5.4 s, `/usr/bin/time`, 2026-12-01), where glibc's malloc, free and malloc_consolidate
            // were 14% of the samples. Debian's libjemalloc-dev (`make deps`); the binary needs libjemalloc2.
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        .testTarget(
            name: "PigmentModelTests",
            dependencies: ["PigmentModel"]
        ),
        .testTarget(
            name: "SiteBuilderTests",
            // Mustache: the compiled templates' tests parse with swift-mustache itself (MustacheTokenShapeTests).
            dependencies: ["PigmentModel", "SiteBuilder", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .testTarget(
            name: "DevServerTests",
            dependencies: ["DevServer", "PigmentModel"]
        ),
        .testTarget(
            name: "ConsentServerTests",
            dependencies: [
                "PigmentModel",
                "ConsentServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Runs the built `pigment` binary as users and CI do: exit status, stderr, a real HTTP server.
        .testTarget(
            name: "PigmentCLITests",
            dependencies: ["pigment", "PigmentModel", "ConsentServer", .product(name: "Hummingbird", package: "hummingbird")],
            // Texts the tests compare against, read by path.
            exclude: ["Fixtures"]
        ),
        // The fuzz targets' entry functions: `make fuzz` drives them through libFuzzer, and
        // FuzzRegressionTests runs every committed seed and crash input through them.
        .target(
            name: "FuzzTargets",
            dependencies: ["PigmentModel", "SiteBuilder", "ConsentServer", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "FuzzRegressionTests",
            dependencies: ["FuzzTargets"]
        ),
    ]
)
