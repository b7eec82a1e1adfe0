/// The semantic difference of two checked specs (`polspec diff A B`): value by value with
/// where each value was written, the resource deltas per component, the port shapes, the
/// recipe stages, the parameter tensors, and what each difference breaks
/// (``CompatibilityClass``).
///
/// Values are compared after includes, `--set` and defaults, so formatting, comments, key
/// order, moving a value into a base or writing a default out are no difference. Lists of
/// named entries (`recipe.stages`) are matched by name and their paths use the name
/// (`recipe.stages.imitation.steps`); an entry renamed in place, and an observation or encoder
/// renamed with its configuration unchanged, show as a rename.
public struct SpecDiff: Sendable {
    /// Every parameter tensor's shape by name (`ParameterTable` of the Lowering module), or nil
    /// when a spec does not lower: then checkpoint breaks are judged from parameter counts.
    public typealias ParameterShapes = @Sendable (Spec) -> [String: [Int]]?

    /// One spec of the comparison.
    public struct Side: Sendable {
        /// The spec as it was named (`specs/a.yaml`, `git:main:specs/a.yaml`).
        public let label: String
        public let spec: Spec
        /// The check's sources (they name `--set` arguments in origins).
        public let sources: SourceStore

        public init(label: String, spec: Spec, sources: SourceStore) {
            self.label = label
            self.spec = spec
            self.sources = sources
        }

        /// The origin of the value at source path `path` (nil: a default).
        func origin(_ path: String?) -> SourceRange? {
            guard let path else { return nil }
            if let range = spec.sourceMap.value(path) { return range }
            return path.hasSuffix(".kind") ? spec.sourceMap.value(String(path.dropLast(".kind".count))) : nil
        }
    }

    public let old: Side
    public let new: Side
    /// Every value that differs, in document order.
    public let differences: [SpecDifference]
    /// Every component (encoders in the new spec's order, removed ones, the head) with its
    /// estimates on each side.
    public let components: [ComponentDelta]
    /// The ports whose type or frame count changes.
    public let ports: [PortChange]
    /// Every recipe stage on each side.
    public let stages: [StageDelta]
    /// The parameter tensors that are added, removed or change shape; nil when they are not
    /// known (no ``ParameterShapes``, or a spec that does not lower).
    public let tensors: [TensorChange]?

    /// True when the specs mean the same (no difference at all, cosmetic ones included).
    public var isSame: Bool { differences.isEmpty }

    /// The classes of the differences, most severe first.
    public var classes: [CompatibilityClass] { Set(differences.map(\.compatibility)).sorted() }

    /// Compares `old` with `new`; `shapes` gives the parameter tensors of a spec, for the
    /// tensor list and the checkpoint class (without it, parameter counts decide).
    public init(old: Side, new: Side, shapes: ParameterShapes? = nil) {
        self.old = old
        self.new = new
        let oldPorts = Self.ports(of: old.spec), newPorts = Self.ports(of: new.spec)
        let oldTensors = shapes?(old.spec), newTensors = shapes?(new.spec)
        var walker = ValueWalker(old: old, new: new)
        walker.walk(old.spec.document, new.spec.document, display: "", oldPath: "", newPath: "")
        let judge = CompatibilityJudge(old: old, new: new, shapes: shapes, oldTensors: oldTensors, newTensors: newTensors)
        differences = walker.found.map { raw in
            // A removed value's new origin is where a null deleted it, when one did.
            let deletedAt = raw.change == .removed ? raw.oldPath.flatMap { new.spec.sourceMap.deletion($0) } : nil
            return SpecDifference(path: raw.display, change: raw.change, old: raw.old, new: raw.new,
                           oldOrigin: old.origin(raw.oldPath), newOrigin: deletedAt ?? new.origin(raw.newPath),
                           renamedFrom: raw.renamedFrom, compatibility: judge.classify(raw))
        }
        components = Self.components(old: old.spec, new: new.spec, renames: walker.renames)
        ports = Self.portChanges(oldPorts, newPorts, order: new.spec)
        stages = Self.stages(old: old.spec, new: new.spec)
        tensors = Self.tensorChanges(oldTensors, newTensors)
    }

    // MARK: Components, ports, stages, tensors

    private static func components(old: Spec, new: Spec, renames: [String: String]) -> [ComponentDelta] {
        func estimate(_ spec: Spec, _ name: String) -> ComponentEstimate? { spec.estimate.components.first { $0.name == name } }
        let renamedFrom = Dictionary(uniqueKeysWithValues: renames.filter { $0.key.hasPrefix("encoders.") }
            .map { (String($0.key.dropFirst("encoders.".count)), String($0.value.dropFirst("encoders.".count))) })
        var names = new.encoders.map(\.name)
        let kept = Set(names.map { renamedFrom[$0] ?? $0 })
        names += old.encoders.map(\.name).filter { !kept.contains($0) && !names.contains($0) }
        return (names + ["head"]).map { name in
            let oldName = renamedFrom[name] ?? name
            return ComponentDelta(name: name, renamedFrom: renamedFrom[name], old: estimate(old, oldName), new: estimate(new, name))
        }
    }

    /// Every port of a spec by name: observations, encoder outputs, and `action` (the head's
    /// chunk as a `[chunk, dim]` token port).
    static func ports(of spec: Spec) -> [String: Port] {
        var ports: [String: Port] = [:]
        for observation in spec.observations { ports[observation.name] = observation.port }
        for encoder in spec.encoders { ports[encoder.name] = encoder.output }
        ports["action"] = Port(.tokens(count: spec.action.chunk, dim: spec.action.dim), frames: 1)
        return ports
    }

    private static func portChanges(_ old: [String: Port], _ new: [String: Port], order spec: Spec) -> [PortChange] {
        let order = spec.observations.map(\.name) + spec.encoders.map(\.name) + ["action"]
        let names = order + old.keys.filter { !order.contains($0) }.sorted()
        return names.compactMap { name in
            old[name] == new[name] ? nil : PortChange(name: name, old: old[name], new: new[name])
        }
    }

    private static func stages(old: Spec, new: Spec) -> [StageDelta] {
        let pairs = NamedMatch.pairs(old.recipe.stages.map(\.name), new.recipe.stages.map(\.name))
        return pairs.map { pair in
            StageDelta(name: pair.new.map { new.recipe.stages[$0].name } ?? old.recipe.stages[pair.old!].name,
                       renamedFrom: pair.renamed ? old.recipe.stages[pair.old!].name : nil,
                       old: pair.old.map { StageSummary(old, stage: $0) }, new: pair.new.map { StageSummary(new, stage: $0) })
        }
    }

    private static func tensorChanges(_ old: [String: [Int]]?, _ new: [String: [Int]]?) -> [TensorChange]? {
        guard let old, let new else { return nil }
        return Set(old.keys).union(new.keys).sorted().compactMap { name in
            old[name] == new[name] ? nil : TensorChange(name: name, old: old[name], new: new[name])
        }
    }
}

/// One value that differs between two specs.
public struct SpecDifference: Sendable, Hashable {
    public enum Change: String, Sendable, Hashable {
        case added, removed, changed
        /// An observation, encoder or stage renamed (``SpecDifference/renamedFrom``).
        case renamed
    }

    /// Where the value is, names for list entries: `head.depth`, `recipe.stages.imitation.steps`.
    public let path: String
    public let change: Change
    /// The value in the old spec (nil when added).
    public let old: SpecValue?
    /// The value in the new spec (nil when removed).
    public let new: SpecValue?
    /// Where each side wrote it (nil: a default, or absent); for a removed value, the new
    /// origin is the `null` that deleted it, when one did.
    public let oldOrigin: SourceRange?
    public let newOrigin: SourceRange?
    /// The old name of a renamed entry.
    public let renamedFrom: String?
    public let compatibility: CompatibilityClass

    /// The component or section the value belongs to: `encoders.vision`, `head`,
    /// `recipe.stages.imitation`, `observation.state`, `action`, `recipe`, `name`.
    public var owner: String {
        let parts = path.split(separator: ".").map(String.init)
        switch parts.first {
        case "encoders", "observation": return parts.prefix(2).joined(separator: ".")
        case "recipe": return parts.count >= 3 && parts[1] == "stages" ? parts.prefix(3).joined(separator: ".") : "recipe"
        default: return parts.first ?? ""
        }
    }
}

/// A component's estimates on each side (nil where it does not exist).
public struct ComponentDelta: Sendable, Hashable {
    public let name: String
    /// The old name of an encoder renamed with its configuration unchanged.
    public let renamedFrom: String?
    public let old: ComponentEstimate?
    public let new: ComponentEstimate?

    public var isChanged: Bool { old != new || renamedFrom != nil }
}

/// A port whose type or frames change (nil where it does not exist).
public struct PortChange: Sendable, Hashable {
    public let name: String
    public let old: Port?
    public let new: Port?
}

/// What one recipe stage does.
public struct StageSummary: Sendable, Hashable {
    public let objective: String
    public let steps: Int
    /// Components it trains (encoder names and/or `head`), and those it leaves frozen.
    public let trains: [String]
    public let freezes: [String]
    /// Parameters of the components it trains, and of those it freezes.
    public let trainedParameters: Int
    public let frozenParameters: Int

    init(_ spec: Spec, stage index: Int) {
        let stage = spec.recipe.stages[index], plan = spec.stagePlans[index]
        let all = spec.encoders.map(\.name) + ["head"]
        func parameters(_ names: [String]) -> Int {
            spec.estimate.components.filter { names.contains($0.name) }.reduce(0) { Cost.add($0, $1.cost.parameters) }
        }
        objective = stage.objective.kindName
        steps = stage.steps
        trains = plan.trains
        freezes = all.filter { !plan.trains.contains($0) }
        trainedParameters = parameters(trains)
        frozenParameters = parameters(freezes)
    }
}

/// A recipe stage on each side (matched by name; nil where it does not exist).
public struct StageDelta: Sendable, Hashable {
    public let name: String
    /// The old name of a stage renamed in place.
    public let renamedFrom: String?
    public let old: StageSummary?
    public let new: StageSummary?

    public var isChanged: Bool { old != new || renamedFrom != nil }
}

/// A parameter tensor added, removed or reshaped (nil where it does not exist).
public struct TensorChange: Sendable, Hashable {
    public let name: String
    public let old: [Int]?
    public let new: [Int]?
}

/// Pairs the entries of two lists of names: equal names, then the leftovers at the same
/// position as renames.
enum NamedMatch {
    struct Pair {
        var old: Int?
        var new: Int?
        var renamed: Bool
    }

    /// The pairs in the new list's order, then the old entries that have no partner.
    static func pairs(_ old: [String], _ new: [String]) -> [Pair] {
        var pairs: [Pair] = []
        var usedOld = Set<Int>()
        for (j, name) in new.enumerated() {
            if let i = old.firstIndex(of: name) {
                pairs.append(Pair(old: i, new: j, renamed: false))
                usedOld.insert(i)
            } else {
                pairs.append(Pair(old: nil, new: j, renamed: false))
            }
        }
        for k in pairs.indices where pairs[k].old == nil {
            let j = pairs[k].new!
            if j < old.count, !usedOld.contains(j), !new.contains(old[j]) {
                pairs[k].old = j
                pairs[k].renamed = true
                usedOld.insert(j)
            }
        }
        pairs += old.indices.filter { !usedOld.contains($0) }.map { Pair(old: $0, new: nil, renamed: false) }
        return pairs
    }
}
