/// A component kind: a named, documented configuration in one ``Family``.
public protocol SpecComponent: SpecBlock {
    /// The `kind:` name.
    static var kind: String { get }
    static var family: Family { get }
    /// One line for tables.
    static var summary: String { get }
    /// A paragraph: what it is, the paper it follows and what polspec scales down.
    static var details: String { get }
    /// A YAML snippet using the kind, shown in docs and `polspec explain`.
    static var example: String { get }
}

extension SpecComponent {
    public static var blockTitle: String { "\(kind) \(family.rawValue)" }
    public static var blockSummary: String { summary }
}

/// A component that reads ports and has parameters: an encoder or a head.
public protocol PortComponent: SpecComponent {
    /// The reference parameters and the port kinds each accepts.
    static var inputs: [PortInput] { get }
    /// How the output port is derived, for docs (e.g. "tokens[(H/patch)·(W/patch), dim]").
    static var outputDoc: String { get }
    /// Component-specific type rules; each runs when everything it reads typed and resolved.
    static var rules: [Rule<Self>] { get }
    /// Parameters and FLOPs of one policy call.
    func cost(_ context: ComponentContext) -> Cost
}

/// An encoder: turns input ports into one output port.
public protocol EncoderComponent: PortComponent {
    /// The parameters the output port is derived from (reference parameters included).
    static var outputReads: [String] { get }
    /// The output port, given that every parameter of ``outputReads`` typed and resolved.
    func output(_ context: ComponentContext) -> Port
}

/// An action head: conditions on ports and produces the action chunk.
public protocol HeadComponent: PortComponent {
    /// The denoising process the head samples with, if it is a diffusion-style head.
    var sampling: DiffusionProcess? { get }
    /// The model step this head (as configured) exposes, which decides the objectives that
    /// train it (the objectives whose ``ObjectiveComponent/trains`` is this family).
    var trainingFamily: TrainingFamily { get }
    /// Further families a part of the head is trained as (a latent autoencoder trained in a
    /// stage of its own); none by default.
    var auxiliaryFamilies: [TrainingFamily] { get }
}

extension HeadComponent {
    public var auxiliaryFamilies: [TrainingFamily] { [] }
}

/// The model step a head exposes to training, and so the objectives that can train it.
///
/// Open: a head kind that brings its own step declares its family next to the kind
/// (`extension TrainingFamily { public static let ... }` in its catalogue file), so adding it
/// touches no shared file. Families are equal when their names are.
public struct TrainingFamily: Sendable, Hashable {
    /// The family's name (`masked_tokens`).
    public let name: String
    /// How messages and docs name the heads of this family, in the plural
    /// ("denoising heads (a diffusion block)").
    public let heads: String

    public init(_ name: String, heads: String) {
        self.name = name
        self.heads = heads
    }

    public static func == (a: TrainingFamily, b: TrainingFamily) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The head outputs the chunk itself.
    public static let regression = TrainingFamily("regression", heads: "regression heads")
    /// A denoiser of a diffusion process (a `diffusion:` block), sampled with ddpm or ddim.
    public static let denoising = TrainingFamily("denoising", heads: "denoising heads (a diffusion block)")
    /// A velocity field (a `flow:` block), integrated from noise to the chunk.
    public static let flow = TrainingFamily("flow", heads: "flow heads (a flow block)")
    /// A scalar energy over (observation, action), minimised at inference.
    public static let energy = TrainingFamily("energy", heads: "energy heads")
    /// Logits over discretised action tokens, unmasked at inference.
    public static let maskedTokens = TrainingFamily("masked_tokens", heads: "masked-token heads")
    /// The autoencoder whose latents a head diffuses (trained before the head's own objective).
    public static let latentAutoencoder = TrainingFamily("latent_autoencoder",
                                                         heads: "the latent autoencoders of heads that diffuse observations")
}

/// An observation kind: declares an input port.
public protocol ObservationComponent: SpecComponent {
    /// The per-frame port type.
    var port: PortType { get }
    static var rules: [Rule<Self>] { get }
}

/// A training objective of a recipe stage.
public protocol ObjectiveComponent: SpecComponent {
    /// The heads it trains: those whose ``HeadComponent/trainingFamily`` is this (nil for
    /// objectives that pretrain an encoder).
    static var trains: TrainingFamily? { get }
    /// The encoder kind the objective pretrains (nil for objectives on the head).
    static var encoderKind: String? { get }
    /// The `encoder:` parameter of encoder objectives.
    var encoder: String? { get }
}

extension ObjectiveComponent {
    /// Which heads or encoders it trains, for docs.
    public static var fitsDoc: String {
        if let kind = encoderKind { return "a \(kind) encoder" }
        return trains?.heads ?? ""
    }
}

/// An optimizer of a recipe stage.
public protocol OptimizerComponent: SpecComponent {
    /// The peak learning rate.
    var lr: Double { get }
}

/// A learning-rate schedule of a recipe stage: linear warm-up, then a decay curve.
public protocol ScheduleComponent: SpecComponent {
    /// Linear warm-up steps.
    var warmup: Int { get }
    /// The multiplier of the peak rate at progress `p` ∈ [0, 1] through the steps after warm-up.
    func factor(progress p: Double) -> Double
}

/// A reference parameter of an encoder or head and what it may point at.
public struct PortInput: Sendable {
    /// The parameter holding the name(s).
    public var parameter: String
    /// Port kinds the parameter accepts.
    public var accepts: [PortKind]
    /// Whether it must name an observation (not an encoder output).
    public var observationOnly: Bool = false
    /// Whether the parameter is a list of names.
    public var isList: Bool = false

    public init(_ parameter: String, accepts: [PortKind], observationOnly: Bool = false, isList: Bool = false) {
        self.parameter = parameter
        self.accepts = accepts
        self.observationOnly = observationOnly
        self.isList = isList
    }
}

/// What a component rule sees: its resolved inputs and the spec-wide facts it may need.
public struct ComponentContext: Sendable {
    /// The component's name (`head` for the head).
    public var name: String
    public var action: ActionSpec
    /// Frames of observation history.
    public var history: Int
    /// The resolved ports of each reference parameter, in the order written.
    public var inputs: [String: [NamedPort]]
    /// Every observation by name.
    public var observations: [String: ObservationKind]

    /// The first port of reference parameter `parameter`.
    public func port(_ parameter: String) -> Port? { inputs[parameter]?.first?.port }
    /// All ports of reference parameter `parameter`.
    public func ports(_ parameter: String) -> [Port] { inputs[parameter]?.map(\.port) ?? [] }
}

/// A port together with the name that produced it.
public struct NamedPort: Sendable, Hashable {
    public var name: String
    public var port: Port
}

/// Something a rule (or an encoder's output port) depends on. A rule runs only when every
/// input it reads typed cleanly, so one mistake is never reported again as a rule violation.
public enum RuleInput: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// A parameter of the component, as a path relative to it (`dim`, `mcmc.train_steps`).
    /// A reference parameter (`input`, `condition`) stands for the ports it resolves to.
    case parameter(String)
    /// A field of the spec's `action:` block (`dim`, `chunk`, `execute`).
    case action(String)

    public init(stringLiteral value: String) { self = .parameter(value) }

    public var description: String {
        switch self {
        case .parameter(let p): return p
        case .action(let f): return "action.\(f)"
        }
    }
}

/// A documented, checkable type rule of one component kind.
public struct Rule<Component>: Sendable {
    public let code: DiagnosticCode
    public let doc: String
    /// Everything the check reads; the rule is skipped when one of them has an error.
    public let reads: [RuleInput]
    let check: @Sendable (Component, ComponentContext) -> [Violation]

    public init(_ code: DiagnosticCode, _ doc: String, reads: [RuleInput],
                _ check: @escaping @Sendable (Component, ComponentContext) -> [Violation]) {
        self.code = code
        self.doc = doc
        self.reads = reads
        self.check = check
    }

    /// "`a` divides `b`" for two integer parameters, reported at `a`.
    public static func divides(_ a: String, _ aValue: KeyPath<Component, Int> & Sendable,
                               _ b: String, _ bValue: KeyPath<Component, Int> & Sendable) -> Rule {
        .when(.doesNotDivide, "`\(a)` divides `\(b)`", at: a, reads: [.parameter(a), .parameter(b)]) { c, _ in
            divisionProblem(c[keyPath: aValue], a, c[keyPath: bValue], b)
        }
    }

    /// A rule that fails with `message` at `parameter` when `failing` holds.
    public static func when(_ code: DiagnosticCode, _ doc: String, at parameter: String, reads: [RuleInput],
                            _ failing: @escaping @Sendable (Component, ComponentContext) -> String?) -> Rule {
        Rule(code, doc, reads: reads) { c, ctx in failing(c, ctx).map { [Violation(parameter: parameter, message: $0)] } ?? [] }
    }
}

/// A failed rule: the message and the parameter (relative path) to point at.
public struct Violation: Sendable {
    public var parameter: String
    public var message: String
    public var help: String?

    public init(parameter: String, message: String, help: String? = nil) {
        self.parameter = parameter
        self.message = message
        self.help = help
    }
}

/// A documented rule, type-erased for the registry.
public struct RuleInfo: Sendable {
    public var code: DiagnosticCode
    public var doc: String
}
