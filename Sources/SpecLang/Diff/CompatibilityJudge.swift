/// Classes each difference of a ``SpecDiff`` (``CompatibilityClass``) by where it is:
///
/// - `observation.*`, `action.*`: the deployment interface;
/// - an encoder added, removed or renamed: checkpoint loading;
/// - a value of an encoder or of the head: the old spec is checked again with that one value
///   changed; the difference breaks checkpoint loading when the parameter tensors of that
///   variant differ from the old spec's in name or shape (wherever they are: a wider encoder
///   output reshapes the head's input projection), and otherwise changes only what the policy
///   computes. Tensors come from the lowered graphs (``SpecDiff/ParameterShapes``), else from the
///   estimated parameter count of each component. A value that does not check on its own (it
///   only fits with another change) is judged by its component's tensors;
/// - `recipe.*`: the recipe, but a stage renamed in place is cosmetic;
/// - `name`, `description`: cosmetic.
struct CompatibilityJudge {
    let old: SpecDiff.Side
    let new: SpecDiff.Side
    let shapes: SpecDiff.ParameterShapes?
    /// The old spec's tensors (nil: not known).
    let oldTensors: [String: [Int]]?
    let newTensors: [String: [Int]]?

    func classify(_ raw: ValueWalker.Raw) -> CompatibilityClass {
        let parts = raw.display.split(separator: ".").map(String.init)
        switch parts.first {
        case "observation", "action":
            return .interface
        case "encoders":
            guard parts.count >= 2 else { return .checkpoint }
            if parts.count == 2 && raw.change != .changed { return .checkpoint }
            return architecture(raw, component: parts[1])
        case "head":
            return architecture(raw, component: "head")
        case "recipe":
            return raw.change == .renamed ? .cosmetic : .recipe
        default:
            return .cosmetic
        }
    }

    private func architecture(_ raw: ValueWalker.Raw, component: String) -> CompatibilityClass {
        let variant = SpecChecker.check(text: old.spec.canonicalJSON, path: old.label,
                                        options: CheckOptions(overrides: ["\(raw.display)=\(raw.new?.yamlText ?? "null")"])).spec
        guard let variant else {
            return componentChanged(component) ? .checkpoint : .computation
        }
        if let oldTensors, let tensors = shapes?(variant) { return tensors == oldTensors ? .computation : .checkpoint }
        return Self.counts(variant) == Self.counts(old.spec) ? .computation : .checkpoint
    }

    /// Whether component `name`'s own parameters differ between the sides.
    private func componentChanged(_ name: String) -> Bool {
        if let oldTensors, let newTensors {
            let prefix = name == "head" ? "head." : "encoders.\(name)."
            return oldTensors.filter { $0.key.hasPrefix(prefix) } != newTensors.filter { $0.key.hasPrefix(prefix) }
        }
        return Self.counts(old.spec)[name] != Self.counts(new.spec)[name]
    }

    /// The estimated parameters of each component.
    private static func counts(_ spec: Spec) -> [String: Int] {
        Dictionary(spec.estimate.components.map { ($0.name, $0.cost.parameters) }, uniquingKeysWith: { a, _ in a })
    }
}
