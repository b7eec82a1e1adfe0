/// Classes each difference of a ``SpecDiff`` (``CompatibilityClass``) by where it is:
///
/// - `observation.*`, `action.*`: the deployment interface;
/// - an encoder added, removed or renamed: checkpoint loading;
/// - a value of an encoder or of the head: checkpoint loading when the component's parameter
///   tensors change name or shape, or when its output port changes and the tensors of a
///   component reading it do; otherwise what the policy computes. Tensors come from the
///   lowered graphs (``SpecDiff/Side/parameters``), else from the estimated parameter counts;
/// - `recipe.*`: the recipe, but a stage renamed in place is cosmetic;
/// - `name`, `description`: cosmetic.
struct CompatibilityJudge {
    let old: SpecDiff.Side
    let new: SpecDiff.Side
    let oldPorts: [String: Port]
    let newPorts: [String: Port]

    func classify(_ raw: ValueWalker.Raw) -> CompatibilityClass {
        let parts = raw.display.split(separator: ".").map(String.init)
        switch parts.first {
        case "observation", "action":
            return .interface
        case "encoders":
            guard parts.count >= 2 else { return .checkpoint }
            if parts.count == 2 && raw.change != .changed { return .checkpoint }
            return component(parts[1])
        case "head":
            return component("head")
        case "recipe":
            return raw.change == .renamed ? .cosmetic : .recipe
        default:
            return .cosmetic
        }
    }

    private func component(_ name: String) -> CompatibilityClass {
        breaksCheckpoint(name) ? .checkpoint : .computation
    }

    /// Whether the tensors of `name` change, or its output port changes and those of a
    /// component reading it do.
    private func breaksCheckpoint(_ name: String) -> Bool {
        if changed(name) { return true }
        guard name != "head", oldPorts[name] != newPorts[name] else { return false }
        return readers(of: name).contains(where: changed)
    }

    /// Whether component `name`'s parameters differ between the sides.
    private func changed(_ name: String) -> Bool {
        if let a = old.parameters, let b = new.parameters {
            let prefix = name == "head" ? "head." : "encoders.\(name)."
            return a.filter { $0.key.hasPrefix(prefix) } != b.filter { $0.key.hasPrefix(prefix) }
        }
        func count(_ spec: Spec) -> Int? { spec.estimate.components.first { $0.name == name }?.cost.parameters }
        return count(old.spec) != count(new.spec)
    }

    /// The components of the new spec that read port `name`.
    private func readers(of name: String) -> [String] {
        let spec = new.spec
        let encoders = spec.encoders.filter { $0.inputs.values.contains { $0.contains { $0.name == name } } }.map(\.name)
        let head = spec.head.inputs.values.contains { $0.contains { $0.name == name } }
        return encoders + (head ? ["head"] : [])
    }
}
