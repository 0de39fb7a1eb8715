import Foundation
import PigmentModel
import Testing

/// The consent server reads the registry through the model alone, with the build's own checks.
@Suite("Loading the consent registry")
struct RegistryLoaderTests {
    static let registry = """
        categories:
          - id: essential
            title: Essential
            description: Needed.
            required: true
          - id: analytics
            title: Analytics
            description: Opt-in.
            cookies:
              - name: ps_analytics_id
                provider: Pigment Studio
                purpose: Counts visits.
                lifetime: 13 months
        """

    /// A site root holding the given files, removed by the caller.
    static func site(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func readsTheRegistryOfASite() throws {
        let root = try Self.site(["Content/data/consent.yml": Self.registry])
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = try ConsentRegistry.load(siteRoot: root)
        #expect(registry.categories.map(\.id) == ["essential", "analytics"])
        #expect(registry.category("analytics")?.cookies.map(\.name) == ["ps_analytics_id"])
    }

    @Test func aMissingRegistryIsNamed() throws {
        let root = try Self.site(["Content/index.md": "---\ntitle: Home\n---\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let failure = try #require(throws: BuildFailure.self) { try ConsentRegistry.load(siteRoot: root) }
        #expect(failure.diagnostics.map(\.description) == ["Content/data/consent.yml:1:1: error: the consent server needs the consent registry"])
    }

    @Test func errorsAreReportedWithTheirPlaceAsTheBuildReportsThem() throws {
        let root = try Self.site(["Content/data/consent.yml": Self.registry.replacingOccurrences(of: "required: true", with: "required: maybe")])
        defer { try? FileManager.default.removeItem(at: root) }
        let failure = try #require(throws: BuildFailure.self) { try ConsentRegistry.load(siteRoot: root) }
        #expect(failure.errors.map(\.description) == ["Content/data/consent.yml:5:15: error: 'required' must be true or false"])
    }

    /// The server reads the registry only: a sub-processor list is the build's to check.
    @Test func otherDataFilesAreNotTheServersConcern() throws {
        let root = try Self.site(["Content/data/consent.yaml": Self.registry, "Content/data/subprocessors.yml": "subprocessors: [oops"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try ConsentRegistry.load(siteRoot: root).categories.count == 2)
    }
}
