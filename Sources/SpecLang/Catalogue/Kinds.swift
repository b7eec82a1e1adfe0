/// The value of a kinded component: `{kind: NAME, ...parameters}`.
func kindedSpecValue<C: SpecComponent>(_ component: C) -> SpecValue {
    .map([SpecField("kind", .string(C.kind))] + (component.specValue.fields ?? []))
}

/// The kind name of a kinded value.
func kindOf(_ value: SpecValue) -> String? { value["kind"]?.string }

/// An observation's configuration, by kind.
public enum ObservationKind: SpecValueConvertible, Hashable {
    case image(ImageObservation)
    case vector(VectorObservation)
    case text(TextObservation)
    case keypoints(KeypointsObservation)
    case tokens(TokensObservation)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case ImageObservation.kind: self = .image(ImageObservation(specValue: specValue)!)
        case VectorObservation.kind: self = .vector(VectorObservation(specValue: specValue)!)
        case TextObservation.kind: self = .text(TextObservation(specValue: specValue)!)
        case KeypointsObservation.kind: self = .keypoints(KeypointsObservation(specValue: specValue)!)
        case TokensObservation.kind: self = .tokens(TokensObservation(specValue: specValue)!)
        default: return nil
        }
    }

    /// The configuration as its protocol, for generic code.
    public var component: any ObservationComponent {
        switch self {
        case .image(let c): return c
        case .vector(let c): return c
        case .text(let c): return c
        case .keypoints(let c): return c
        case .tokens(let c): return c
        }
    }

    public var specValue: SpecValue { kindedSpecValue(component) }
}

/// An encoder's configuration, by kind.
public enum EncoderKind: SpecValueConvertible, Hashable {
    case mlp(MLPEncoder)
    case cnn(CNNEncoder)
    case transformer(TransformerEncoder)
    case textEmbedding(TextEmbeddingEncoder)
    case proprio(ProprioEncoder)
    case momentTokens(MomentTokensEncoder)
    case pixelAsRay(PixelAsRayEncoder)
    case jepa(JEPAEncoder)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case MLPEncoder.kind: self = .mlp(MLPEncoder(specValue: specValue)!)
        case CNNEncoder.kind: self = .cnn(CNNEncoder(specValue: specValue)!)
        case TransformerEncoder.kind: self = .transformer(TransformerEncoder(specValue: specValue)!)
        case TextEmbeddingEncoder.kind: self = .textEmbedding(TextEmbeddingEncoder(specValue: specValue)!)
        case ProprioEncoder.kind: self = .proprio(ProprioEncoder(specValue: specValue)!)
        case MomentTokensEncoder.kind: self = .momentTokens(MomentTokensEncoder(specValue: specValue)!)
        case PixelAsRayEncoder.kind: self = .pixelAsRay(PixelAsRayEncoder(specValue: specValue)!)
        case JEPAEncoder.kind: self = .jepa(JEPAEncoder(specValue: specValue)!)
        default: return nil
        }
    }

    public var component: any EncoderComponent {
        switch self {
        case .mlp(let c): return c
        case .cnn(let c): return c
        case .transformer(let c): return c
        case .textEmbedding(let c): return c
        case .proprio(let c): return c
        case .momentTokens(let c): return c
        case .pixelAsRay(let c): return c
        case .jepa(let c): return c
        }
    }

    public var kindName: String { type(of: component).kind }
    public var specValue: SpecValue { kindedSpecValue(component) }
}

/// The head's configuration, by kind.
public enum HeadKind: SpecValueConvertible, Hashable {
    case mlp(MLPHead)
    case dit(DiTHead)
    case uwm(UWMHead)
    case ebt(EBTHead)
    case discreteDiffusion(DiscreteDiffusionHead)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case MLPHead.kind: self = .mlp(MLPHead(specValue: specValue)!)
        case DiTHead.kind: self = .dit(DiTHead(specValue: specValue)!)
        case UWMHead.kind: self = .uwm(UWMHead(specValue: specValue)!)
        case EBTHead.kind: self = .ebt(EBTHead(specValue: specValue)!)
        case DiscreteDiffusionHead.kind: self = .discreteDiffusion(DiscreteDiffusionHead(specValue: specValue)!)
        default: return nil
        }
    }

    public var component: any HeadComponent {
        switch self {
        case .mlp(let c): return c
        case .dit(let c): return c
        case .uwm(let c): return c
        case .ebt(let c): return c
        case .discreteDiffusion(let c): return c
        }
    }

    public var kindName: String { type(of: component).kind }
    public var specValue: SpecValue { kindedSpecValue(component) }

    /// The objective that trains this head, for messages.
    var suggestedObjective: String {
        switch self {
        case .mlp(let m): return m.diffusion == nil ? "bc" : "diffusion or flow_matching"
        case .dit: return "diffusion or flow_matching"
        case .uwm: return "diffusion"
        case .ebt: return "energy"
        case .discreteDiffusion: return "masked_diffusion"
        }
    }
}

/// A stage's objective, by kind.
public enum ObjectiveKind: SpecValueConvertible, Hashable {
    case bc(BCObjective)
    case diffusion(DiffusionObjective)
    case flowMatching(FlowMatchingObjective)
    case energy(EnergyObjective)
    case maskedDiffusion(MaskedDiffusionObjective)
    case jepa(JEPAObjective)
    case timeContrastive(TimeContrastiveObjective)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case BCObjective.kind: self = .bc(BCObjective(specValue: specValue)!)
        case DiffusionObjective.kind: self = .diffusion(DiffusionObjective(specValue: specValue)!)
        case FlowMatchingObjective.kind: self = .flowMatching(FlowMatchingObjective(specValue: specValue)!)
        case EnergyObjective.kind: self = .energy(EnergyObjective(specValue: specValue)!)
        case MaskedDiffusionObjective.kind: self = .maskedDiffusion(MaskedDiffusionObjective(specValue: specValue)!)
        case JEPAObjective.kind: self = .jepa(JEPAObjective(specValue: specValue)!)
        case TimeContrastiveObjective.kind: self = .timeContrastive(TimeContrastiveObjective(specValue: specValue)!)
        default: return nil
        }
    }

    public var component: any ObjectiveComponent {
        switch self {
        case .bc(let c): return c
        case .diffusion(let c): return c
        case .flowMatching(let c): return c
        case .energy(let c): return c
        case .maskedDiffusion(let c): return c
        case .jepa(let c): return c
        case .timeContrastive(let c): return c
        }
    }

    public var kindName: String { type(of: component).kind }
    public var specValue: SpecValue { kindedSpecValue(component) }
}

/// A stage's optimizer, by kind.
public enum OptimizerKind: SpecValueConvertible, Hashable {
    case adamw(AdamWOptimizer)
    case adam(AdamOptimizer)
    case sgd(SGDOptimizer)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case AdamWOptimizer.kind: self = .adamw(AdamWOptimizer(specValue: specValue)!)
        case AdamOptimizer.kind: self = .adam(AdamOptimizer(specValue: specValue)!)
        case SGDOptimizer.kind: self = .sgd(SGDOptimizer(specValue: specValue)!)
        default: return nil
        }
    }

    public var component: any SpecComponent {
        switch self {
        case .adamw(let c): return c
        case .adam(let c): return c
        case .sgd(let c): return c
        }
    }

    public var specValue: SpecValue { kindedSpecValue(component) }
}

/// A stage's learning-rate schedule, by kind.
public enum ScheduleKind: SpecValueConvertible, Hashable {
    case constant(ConstantSchedule)
    case cosine(CosineSchedule)
    case linear(LinearSchedule)

    public init?(specValue: SpecValue) {
        switch kindOf(specValue) {
        case ConstantSchedule.kind: self = .constant(ConstantSchedule(specValue: specValue)!)
        case CosineSchedule.kind: self = .cosine(CosineSchedule(specValue: specValue)!)
        case LinearSchedule.kind: self = .linear(LinearSchedule(specValue: specValue)!)
        default: return nil
        }
    }

    public var component: any SpecComponent {
        switch self {
        case .constant(let c): return c
        case .cosine(let c): return c
        case .linear(let c): return c
        }
    }

    /// Warmup steps of any schedule.
    public var warmup: Int {
        switch self {
        case .constant(let c): return c.warmup
        case .cosine(let c): return c.warmup
        case .linear(let c): return c.warmup
        }
    }

    public var specValue: SpecValue { kindedSpecValue(component) }
}
