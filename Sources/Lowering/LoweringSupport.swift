import SpecLang

/// A piece of a checked spec that the compiler does not lower: a component of a kind without a
/// lowering conformance, a configuration of a kind that is not lowered (a variant), or a
/// stage whose objective has no loss lowering.
public struct UnsupportedPiece: Hashable, Sendable {
    /// `encoder 'vision'`, `the head`, `stage 'imitation'`.
    public let component: String
    /// What is not lowered: `head dit`, `objective jepa`, `mlp head with sampler euler`.
    public let what: String
    /// Why, in one sentence.
    public let reason: String
    /// The spec path of the key that selects it (`head.kind`, `recipe.stages.0.objective`).
    public let path: String
    /// Where the spec writes it.
    public let location: SourceRange?
    /// True when the piece is in the policy (an encoder or the head); false for objectives,
    /// which only training needs.
    public let inPolicy: Bool

    /// `what` and `reason` as one message.
    public var message: String { "\(component): \(what) is not lowered by this version of polspec: \(reason)" }
}

/// Which pieces of a spec the compiler lowers, decided by the lowering conformances of the
/// registry's kinds: the one source of "lowers today" for `check`, `build`, `train` and the docs.
public enum LoweringSupport {
    /// Every piece of `spec` that does not lower: encoders and the head first, then the stages.
    public static func unsupported(in spec: Spec) -> [UnsupportedPiece] {
        var pieces: [UnsupportedPiece] = []
        func add(_ component: String, _ what: String, _ reason: String, _ path: String, policy: Bool) {
            pieces.append(UnsupportedPiece(component: component, what: what, reason: reason, path: path,
                                           location: spec.sourceMap.range(path) ?? spec.sourceMap.range(parent(path)), inPolicy: policy))
        }
        for encoder in spec.encoders {
            let path = "encoders.\(encoder.name)"
            if let lowering = encoder.config.base as? any EncoderLowering {
                if let variant = lowering.unsupportedVariant {
                    add("encoder '\(encoder.name)'", "this configuration of the \(encoder.config.kindName) encoder", variant.reason,
                        "\(path).\(variant.parameter)", policy: true)
                }
            } else {
                add("encoder '\(encoder.name)'", "encoder kind \(encoder.config.kindName)", kindReason(type(of: encoder.config.base)),
                    "\(path).kind", policy: true)
            }
        }
        if let lowering = spec.head.config.base as? any HeadLowering {
            if let variant = lowering.unsupportedVariant {
                add("the head", "this configuration of the \(spec.head.config.kindName) head", variant.reason, "head.\(variant.parameter)", policy: true)
            }
        } else {
            add("the head", "head kind \(spec.head.config.kindName)", kindReason(type(of: spec.head.config.base)), "head.kind", policy: true)
        }
        for (index, stage) in spec.recipe.stages.enumerated() where !(stage.objective.base is any ObjectiveLowering) {
            add("stage '\(stage.name)'", "objective \(stage.objective.kindName)", kindReason(type(of: stage.objective.base)),
                "recipe.stages.\(index).objective", policy: false)
        }
        return pieces
    }

    /// The kinds of `family` that lower, in registry order.
    public static func loweredKinds(_ family: Family) -> [String] {
        Registry.componentTypes(family).filter { lowers($0) }.map { $0.kind }
    }

    /// True when the registry's kind `kind` lowers.
    public static func lowers(_ kind: KindInfo) -> Bool {
        Registry.componentTypes(kind.family).first { $0.kind == kind.name }.map { lowers($0) } ?? false
    }

    /// True when kinds of `type` have a lowering conformance (observations, optimizers and
    /// schedules always lower).
    public static func lowers(_ type: any SpecComponent.Type) -> Bool {
        switch type.family {
        case .encoder: return type is any EncoderLowering.Type
        case .head: return type is any HeadLowering.Type
        case .objective: return type is any ObjectiveLowering.Type
        case .observation, .optimizer, .schedule: return true
        }
    }

    private static func kindReason(_ type: any SpecComponent.Type) -> String {
        "the compiler has no lowering of \(type.kind) (\(type.summary)) yet; "
            + "lowered \(type.family.rawValue) kinds: \(loweredKinds(type.family).joined(separator: ", "))"
    }

    /// `a.b` for `a.b.c`.
    private static func parent(_ path: String) -> String {
        path.split(separator: ".").dropLast().joined(separator: ".")
    }
}

extension LoweringSupport {
    /// What the compiler can do with `spec`, for `polspec check` (``CheckOptions/support``):
    /// whether it builds and trains, and one note (N0601) per piece that does not lower.
    public static func compilerSupport(_ spec: Spec) -> CompilerSupport {
        let pieces = unsupported(in: spec)
        let notes = pieces.map { piece in
            Diagnostic(.lowersNot, "\(piece.component): \(piece.what) does not lower yet: "
                + (piece.inPolicy ? "`polspec build`, `train` and `bench` refuse this spec" : "`polspec train` and `bench` refuse this spec"),
                       at: piece.location, help: piece.reason)
        }
        return CompilerSupport(builds: !pieces.contains(where: \.inPolicy), trains: pieces.isEmpty, notes: notes)
    }
}
