/// Walks two resolved spec documents side by side and records every value that differs
/// (``SpecDiff``): maps key by key, a kinded value whose kind changes as one difference, lists
/// of named entries entry by entry (matched by name, renames in place detected, a change of
/// order reported), other lists as whole values. Observations and encoders renamed with an
/// unchanged configuration are renames, not a removal and an addition.
struct ValueWalker {
    /// A difference before it is classed: display path (names for list entries), and the
    /// source path of each side (indexes for list entries) to find its origin.
    struct Raw {
        var display: String
        var change: SpecDifference.Change
        var old: SpecValue?
        var new: SpecValue?
        var oldPath: String?
        var newPath: String?
        var renamedFrom: String?
    }

    let old: SpecDiff.Side
    let new: SpecDiff.Side
    private(set) var found: [Raw] = []
    /// Renamed observations and encoders: new display path → old display path.
    private(set) var renames: [String: String] = [:]

    init(old: SpecDiff.Side, new: SpecDiff.Side) {
        self.old = old
        self.new = new
    }

    /// The sections whose keys are names the spec chose (renames are looked for there).
    private static let namedSections: Set<String> = ["observation", "encoders"]

    mutating func walk(_ a: SpecValue?, _ b: SpecValue?, display: String, oldPath: String?, newPath: String?) {
        switch (a, b) {
        case (nil, nil):
            return
        case (nil, let b?):
            found.append(Raw(display: display, change: .added, old: nil, new: b, oldPath: nil, newPath: newPath))
        case (let a?, nil):
            found.append(Raw(display: display, change: .removed, old: a, new: nil, oldPath: oldPath, newPath: nil))
        case (.map(let fa), .map(let fb)):
            if let ka = kindOf(a!), let kb = kindOf(b!), ka != kb {
                found.append(Raw(display: display, change: .changed, old: a, new: b, oldPath: oldPath, newPath: newPath))
                return
            }
            let keys = fb.map(\.name) + fa.map(\.name).filter { key in !fb.contains { $0.name == key } }
            let renamed = Self.namedSections.contains(display) ? renamedKeys(fa, fb) : [:]
            for key in keys where !renamed.values.contains(key) {
                let path = SpecPath.join(display, key)
                if let from = renamed[key] {
                    found.append(Raw(display: path, change: .renamed, old: .string(from), new: .string(key),
                                     oldPath: oldPath.map { SpecPath.join($0, from) }, newPath: newPath.map { SpecPath.join($0, key) },
                                     renamedFrom: from))
                    renames[path] = SpecPath.join(display, from)
                    continue
                }
                walk(a![key], b![key], display: path, oldPath: oldPath.map { SpecPath.join($0, key) }, newPath: newPath.map { SpecPath.join($0, key) })
            }
        case (.list(let la), .list(let lb)) where Self.isNamed(la) && Self.isNamed(lb):
            walkNamedList(la, lb, display: display, oldPath: oldPath, newPath: newPath)
        default:
            if a != b { found.append(Raw(display: display, change: .changed, old: a, new: b, oldPath: oldPath, newPath: newPath)) }
        }
    }

    /// New key → old key for the keys only one side has whose values are equal.
    private func renamedKeys(_ old: [SpecField], _ new: [SpecField]) -> [String: String] {
        var renamed: [String: String] = [:]
        var taken = Set<String>()
        for field in new where !old.contains(where: { $0.name == field.name }) {
            if let match = old.first(where: { candidate in
                !new.contains { $0.name == candidate.name } && !taken.contains(candidate.name) && candidate.value == field.value
            }) {
                renamed[field.name] = match.name
                taken.insert(match.name)
            }
        }
        return renamed
    }

    /// Whether every item is a mapping with a string `name`.
    private static func isNamed(_ items: [SpecValue]) -> Bool {
        !items.isEmpty && items.allSatisfy { $0["name"]?.string != nil }
    }

    private mutating func walkNamedList(_ a: [SpecValue], _ b: [SpecValue], display: String, oldPath: String?, newPath: String?) {
        let oldNames = a.map { $0["name"]!.string! }, newNames = b.map { $0["name"]!.string! }
        let commonOld = oldNames.filter(newNames.contains), commonNew = newNames.filter(oldNames.contains)
        if commonOld != commonNew {
            found.append(Raw(display: display, change: .changed, old: .list(commonOld.map(SpecValue.string)),
                             new: .list(commonNew.map(SpecValue.string)), oldPath: oldPath, newPath: newPath))
        }
        for pair in NamedMatch.pairs(oldNames, newNames) {
            let name = pair.new.map { newNames[$0] } ?? oldNames[pair.old!]
            let item = SpecPath.join(display, name)
            let itemOld = pair.old.flatMap { i in oldPath.map { SpecPath.join($0, String(i)) } }
            let itemNew = pair.new.flatMap { j in newPath.map { SpecPath.join($0, String(j)) } }
            var valueOld = pair.old.map { a[$0] }, valueNew = pair.new.map { b[$0] }
            if pair.renamed {
                found.append(Raw(display: SpecPath.join(item, "name"), change: .renamed, old: .string(oldNames[pair.old!]),
                                 new: .string(name), oldPath: itemOld.map { SpecPath.join($0, "name") },
                                 newPath: itemNew.map { SpecPath.join($0, "name") }, renamedFrom: oldNames[pair.old!]))
                valueOld = valueOld.map { .map(($0.fields ?? []).filter { $0.name != "name" }) }
                valueNew = valueNew.map { .map(($0.fields ?? []).filter { $0.name != "name" }) }
            }
            walk(valueOld, valueNew, display: item, oldPath: itemOld ?? (pair.old == nil ? nil : oldPath),
                 newPath: itemNew ?? (pair.new == nil ? nil : newPath))
        }
    }
}
