/// The registry's description of one component kind, type-erased for docs, the JSON
/// Schema, `polspec explain` and the validator.
public struct KindInfo: Sendable {
    public let family: Family
    public let name: String
    public let summary: String
    public let details: String
    public let example: String
    public let schema: BlockSchema
    /// Reference parameters and the port kinds they accept (encoders and heads).
    public let inputs: [PortInput]
    /// How the output port is derived (encoders and heads).
    public let outputDoc: String?
    /// Component-specific rules.
    public let rules: [RuleInfo]
    /// What an objective trains.
    public let fitsDoc: String?

    init<C: SpecComponent>(_ type: C.Type, inputs: [PortInput] = [], outputDoc: String? = nil,
                           rules: [RuleInfo] = [], fitsDoc: String? = nil) {
        family = C.family
        name = C.kind
        summary = C.summary
        details = C.details
        example = C.example
        schema = C.schema
        self.inputs = inputs
        self.outputDoc = outputDoc
        self.rules = rules
        self.fitsDoc = fitsDoc
    }

    init<C: PortComponent>(port type: C.Type) {
        self.init(type, inputs: C.inputs, outputDoc: C.outputDoc,
                  rules: C.rules.map { RuleInfo(code: $0.code, doc: $0.doc) }
                    + (C.schema.parameter("diffusion") == nil ? [] : DiffusionProcess.rules.map { RuleInfo(code: $0.code, doc: "diffusion: \($0.doc)") }))
    }

    init<C: ObservationComponent>(observation type: C.Type) {
        self.init(type, outputDoc: nil, rules: C.rules.map { RuleInfo(code: $0.code, doc: $0.doc) })
    }

    init<C: ObjectiveComponent>(objective type: C.Type) {
        self.init(type, fitsDoc: C.fitsDoc)
    }
}

/// The one schema registry: every component kind, the top-level document and the nested
/// blocks. The checker, docs/spec-reference.md, `polspec schema` and `polspec explain`
/// all read it.
public enum Registry {
    public static let observationTypes: [any ObservationComponent.Type] = [
        ImageObservation.self, VectorObservation.self, TextObservation.self, KeypointsObservation.self, TokensObservation.self,
    ]
    public static let encoderTypes: [any EncoderComponent.Type] = [
        MLPEncoder.self, CNNEncoder.self, TransformerEncoder.self, TextEmbeddingEncoder.self, ProprioEncoder.self,
        MomentTokensEncoder.self, PixelAsRayEncoder.self, JEPAEncoder.self,
    ]
    public static let headTypes: [any HeadComponent.Type] = [
        MLPHead.self, DiTHead.self, UWMHead.self, EBTHead.self, DiscreteDiffusionHead.self, GMMHead.self,
    ]
    public static let objectiveTypes: [any ObjectiveComponent.Type] = [
        BCObjective.self, DiffusionObjective.self, FlowMatchingObjective.self, EnergyObjective.self,
        MaskedDiffusionObjective.self, MixtureNLLObjective.self, AutoencoderObjective.self, JEPAObjective.self,
        TimeContrastiveObjective.self,
    ]
    public static let optimizerTypes: [any OptimizerComponent.Type] = [AdamWOptimizer.self, AdamOptimizer.self, SGDOptimizer.self]
    public static let scheduleTypes: [any ScheduleComponent.Type] = [ConstantSchedule.self, CosineSchedule.self, LinearSchedule.self]

    /// The kinds of `family` as types: what parses (``Kinded``) and what lowers is decided by
    /// these lists alone.
    public static func componentTypes(_ family: Family) -> [any SpecComponent.Type] {
        switch family {
        case .observation: return observationTypes
        case .encoder: return encoderTypes
        case .head: return headTypes
        case .objective: return objectiveTypes
        case .optimizer: return optimizerTypes
        case .schedule: return scheduleTypes
        }
    }

    /// Every kind of every family, in documentation order.
    public static let kinds: [KindInfo] =
        observationTypes.map { KindInfo(observation: $0) }
        + encoderTypes.map { KindInfo(port: $0) }
        + headTypes.map { KindInfo(port: $0) }
        + objectiveTypes.map { KindInfo(objective: $0) }
        + optimizerTypes.map { KindInfo($0) }
        + scheduleTypes.map { KindInfo($0) }

    /// The kinds of one family.
    public static func kinds(_ family: Family) -> [KindInfo] { kinds.filter { $0.family == family } }

    /// The kind `name` of `family`.
    public static func kind(_ family: Family, _ name: String) -> KindInfo? {
        kinds.first { $0.family == family && $0.name == name }
    }

    /// Kinds of any family called `name` (an encoder and a head may share a name, like `mlp`).
    public static func kinds(named name: String) -> [KindInfo] { kinds.filter { $0.name == name } }

    /// The fixed keys of the `observation:` section besides observation names.
    public static let observationSection = BlockSchema(title: "observation", parameters: [
        ParameterInfo(name: "history", type: .int(1...64),
                      doc: "frames of history fed to the policy (current frame included)", required: false, defaultValue: .int(1)),
    ], summary: "The top-level `observation:` section: the named inputs of the policy, each an observation kind (`image`, `vector`, `text`, `keypoints`, `tokens`), plus `history`. Part of the deployment interface.")

    /// The top level of a spec document.
    public static let document = BlockSchema(title: "spec", parameters: [
        ParameterInfo(name: "polspec", type: .int(1...1_000_000), doc: "spec language version; must be 1", required: true, defaultValue: nil),
        ParameterInfo(name: "name", type: .string(.name), doc: "the spec's name", required: true, defaultValue: nil),
        ParameterInfo(name: "description", type: .string(.any), doc: "free text for people; not part of the spec's hash", required: false, defaultValue: nil),
        ParameterInfo(name: "include", type: .list(.string(.any), 1...16),
                      doc: "base specs merged under this one (paths relative to this file, inside the spec's directory)", required: false, defaultValue: nil),
        ParameterInfo(name: "observation", type: .named(.kinded(.observation), fixed: observationSection),
                      doc: "named input ports, plus `history`", required: true, defaultValue: nil),
        ParameterInfo(name: "action", type: .block(ActionSpec.schema), doc: "what the policy outputs per call", required: true, defaultValue: nil),
        ParameterInfo(name: "encoders", type: .named(.kinded(.encoder), fixed: nil),
                      doc: "named encoders; each output is a port", required: false, defaultValue: .map([])),
        ParameterInfo(name: "head", type: .kinded(.head), doc: "the action head", required: true, defaultValue: nil),
        ParameterInfo(name: "recipe", type: .block(Recipe.schema), doc: "training stages", required: true, defaultValue: nil),
    ], summary: "The top level of a spec file: its language version, name and description, the bases it includes, and its sections.")

    /// Nested blocks documented on their own.
    public static let blocks: [BlockSchema] = [
        ActionSpec.schema, Recipe.schema, Stage.schema, Augmentation.schema, DiffusionProcess.schema, MLPDiffusion.schema,
        FlowProcess.schema, MLPFlow.schema, EnergyDescent.schema, CameraMatrices.schema,
    ]

    /// Every block `polspec explain` knows: the top level (`spec`), the `observation` section
    /// and the nested blocks.
    public static var explainableBlocks: [BlockSchema] { [document, observationSection] + blocks }

    /// The blocks titled `name` (two share `diffusion` and `flow`: the process, and the mlp
    /// head's variant).
    public static func blocks(named name: String) -> [BlockSchema] { explainableBlocks.filter { $0.title == name } }
}
