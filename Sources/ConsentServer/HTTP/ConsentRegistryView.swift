import PigmentModel

/// The parts of the registry the admin views need, kept Sendable and simple.
struct ConsentRegistryView: Sendable {
    var ids: [String]
    var optionalIDs: [String]

    init(_ registry: ConsentRegistry) {
        ids = registry.categories.map(\.id)
        optionalIDs = registry.categories.filter { !$0.required }.map(\.id)
    }
}
