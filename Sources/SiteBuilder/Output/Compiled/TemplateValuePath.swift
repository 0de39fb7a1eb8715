/// A tag's name resolved when the template is compiled: `{{page.date.iso}}` is split once into
/// `page`, `date`, `iso`, and rendering only reads children. The lookup is swift-mustache's
/// (`getChild(named:transforms:context:)`): the first name is looked for in the context stack from
/// the innermost object out, the rest strictly below what was found; `.` is the innermost object;
/// a name starting with `.` (`.title`) looks only in the innermost object. Transforms
/// (`empty(site.navigation)`) then apply innermost first, and one that fails makes the value missing.
struct TemplateValuePath: Sendable {
    enum Start: Sendable {
        /// `.`: the innermost object itself.
        case innermost
        /// `.title`: children of the innermost object only.
        case innermostChildren
        /// `title`: the first name anywhere on the stack.
        case stack
    }

    let start: Start
    let names: [String]
    /// In the order they apply (the innermost written transform first).
    let transforms: [TemplateTransform]

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    init(name: String, transforms: [String]) throws {
        // `{{#first()}}`: a transform of the sequence position, which this renderer does not keep.
        if name.isEmpty && !transforms.isEmpty {
            throw Unsupported(description: "transform of the sequence position: \(transforms.joined(separator: ", "))()")
        }
        self.transforms = try transforms.reversed().map { written in
            guard let transform = TemplateTransform(rawValue: written) else {
                throw Unsupported(description: "transform '\(written)'")
            }
            return transform
        }
        let split = name.split(separator: ".").map(String.init)
        if name == "." || split.isEmpty {
            (start, names) = (.innermost, [])
        } else if name.first == "." {
            (start, names) = (.innermostChildren, split)
        } else {
            (start, names) = (.stack, split)
        }
    }

    func resolve(in stack: [TemplateData]) -> TemplateData? {
        guard var value = stack.last else { return nil }
        switch start {
        case .innermost:
            break
        case .innermostChildren:
            for name in names {
                guard let child = value.child(name) else { return nil }
                value = child
            }
        case .stack:
            var found: TemplateData?
            for object in stack.reversed() {
                if let child = object.child(names[0]) { found = child; break }
            }
            guard let first = found else { return nil }
            value = first
            for index in names.indices.dropFirst() {
                guard let child = value.child(names[index]) else { return nil }
                value = child
            }
        }
        for transform in transforms {
            guard let transformed = transform.apply(to: value) else { return nil }
            value = transformed
        }
        return value
    }
}
