/// `page.policy`: `version`, `currentURL`, `isCurrent`, `isArchived`, `isInForce`, `isChanges`,
/// `changesFrom`, `changedPassages` (with `changedPassagesSummary`, "3 passages changed", and
/// `hasChangedPassages`: the first is at `#change-1`), `versions` (newest first: `version`, `url`, `changesURL`,
/// `updated`, `isShown`) and `hasPreviousVersions`. The fields of the other kinds of page are missing,
/// not false (a template may look them up further out).
struct PolicyTemplateValues: TemplateObject {
    let policy: PolicyInfo
    /// The URL of the page showing it: its entry of `versions` is the one shown.
    let shownAt: String

    func value(for key: String) -> TemplateData? {
        switch (key, policy.kind) {
        case ("version", _): return .text(policy.version)
        case ("currentURL", _): return .text(policy.currentURL)
        case ("isCurrent", let kind): return .bool(kind == .current)
        case ("hasPreviousVersions", _): return .bool(policy.versions.count > 1)
        case ("versions", _): return .list(policy.versions.map { .object(VersionEntry(policy: policy, entry: $0, shownAt: shownAt)) })
        case ("isArchived", .archived): return .bool(true)
        case ("isInForce", .archived(let isInForce)): return .bool(isInForce)
        case ("isChanges", .changes): return .bool(true)
        case ("changesFrom", .changes(let from, _)): return .text(from)
        case ("changedPassages", .changes(_, let passages)): return .int(passages)
        case ("hasChangedPassages", .changes(_, let passages)): return .bool(passages > 0)
        case ("changedPassagesSummary", .changes(_, let passages)):
            return .text(passages == 1 ? "1 passage changed" : "\(passages == 0 ? "No" : String(passages)) passages changed")
        default: return nil
        }
    }

    /// One entry of `versions`.
    struct VersionEntry: TemplateObject {
        let policy: PolicyInfo
        let entry: PolicyInfo.Entry
        let shownAt: String

        func value(for key: String) -> TemplateData? {
            switch key {
            case "version": return .text(entry.version)
            case "url": return .text(entry.url)
            case "isShown": return .bool(entry.url == shownAt || (policy.kind == .current && entry.version == policy.version))
            case "changesURL": return entry.changesURL.map(TemplateData.text)
            case "updated": return entry.updated.map(DateTemplateValues.data)
            default: return nil
            }
        }
    }
}
