/// A spec's identity, split by what a change to it breaks (docs/spec-language.md, "Hashes").
///
/// Each part is the SHA-256 of the canonical JSON (sorted keys, no whitespace, defaults
/// written out, unset keys left out) of a part of the resolved spec:
///
/// - ``interface``: `polspec`, `observation` and `action`: what a deployment feeds the policy
///   and gets back;
/// - ``architecture``: `polspec`, `encoders` and `head`: the network and how it runs;
/// - ``recipe``: `polspec` and `recipe`, without the stages' names: how the weights are trained.
///
/// The spec's `name`, its `description` and the stages' names are in none of them: renaming
/// changes no hash. ``spec`` combines the three.
public struct SpecHashes: Sendable, Hashable, Codable {
    public let interface: String
    public let architecture: String
    public let recipe: String

    public init(interface: String, architecture: String, recipe: String) {
        self.interface = interface
        self.architecture = architecture
        self.recipe = recipe
    }

    /// The hashes of a resolved spec document (``Spec/document``).
    public init(document: SpecValue) {
        func part(_ keys: [String], editing edit: (inout SpecField) -> Void = { _ in }) -> String {
            var fields = keys.compactMap { key in document[key].map { SpecField(key, $0) } }
            for i in fields.indices { edit(&fields[i]) }
            return SHA256.hex(Array(SpecValue.map(fields).canonicalJSON.utf8))
        }
        interface = part(["polspec", "observation", "action"])
        architecture = part(["polspec", "encoders", "head"])
        recipe = part(["polspec", "recipe"]) { field in
            guard field.name == "recipe", let stages = field.value["stages"]?.list else { return }
            let unnamed = stages.map { stage in SpecValue.map((stage.fields ?? []).filter { $0.name != "name" }) }
            field.value = .map((field.value.fields ?? []).map { $0.name == "stages" ? SpecField("stages", .list(unnamed)) : $0 })
        }
    }

    /// The spec's hash: SHA-256 of the three parts.
    public var spec: String {
        SHA256.hex(Array("polspec-spec\ninterface \(interface)\narchitecture \(architecture)\nrecipe \(recipe)\n".utf8))
    }

    /// The parts that differ from `other`'s, by name (`interface`, `architecture`, `recipe`).
    public func differences(from other: SpecHashes) -> [String] {
        [("interface", interface, other.interface), ("architecture", architecture, other.architecture), ("recipe", recipe, other.recipe)]
            .filter { $0.1 != $0.2 }.map(\.0)
    }
}
