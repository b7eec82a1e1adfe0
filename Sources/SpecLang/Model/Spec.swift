/// A loaded, checked, fully defaulted spec: what the Compiler consumes.
///
/// Every component's parameters are typed (the `config` enums hold one struct per kind),
/// every input, encoder output and head condition has its derived ``Port``, and
/// ``sourceMap`` locates every value for later diagnostics. ``hash`` identifies the
/// spec's meaning: it is stable across formatting, comments, key order, includes versus
/// inline text, and defaults written out or left implicit.
public struct Spec: Sendable {
    /// The language version (`polspec: 1`).
    public let version: Int
    public let name: String
    public let description: String?
    /// Frames of observation history.
    public let history: Int
    /// Observations in the order written.
    public let observations: [Observation]
    public let action: ActionSpec
    /// Encoders in dependency order: every encoder comes after the encoders it reads.
    public let encoders: [Encoder]
    public let head: Head
    public let recipe: Recipe
    /// Per stage of `recipe.stages`: what it trains, defaults resolved.
    public let stagePlans: [StagePlan]
    /// Parameters, FLOPs and activation memory per policy call, per component and in total.
    public let estimate: ResourceEstimate
    /// The defaulted spec as JSON with sorted keys (the input of ``hash``).
    public let canonicalJSON: String
    /// SHA-256 of ``canonicalJSON``, 64 hex digits.
    public let hash: String
    /// Where each value was written (paths like `head.depth`).
    public let sourceMap: SourceMap
    /// The top-level file as given.
    public let file: String

    /// The port called `name` (an observation or an encoder output).
    public func port(_ name: String) -> Port? {
        observations.first { $0.name == name }?.port ?? encoders.first { $0.name == name }?.output
    }

    /// The encoder called `name`.
    public func encoder(_ name: String) -> Encoder? { encoders.first { $0.name == name } }
}

/// A named observation and its port.
public struct Observation: Sendable, Hashable {
    public let name: String
    public let config: ObservationKind
    public let port: Port
}

/// A named encoder, the ports it reads and the port it produces.
public struct Encoder: Sendable, Hashable {
    public let name: String
    public let config: EncoderKind
    /// The resolved ports of each reference parameter (`input`, `joints`, ...).
    public let inputs: [String: [NamedPort]]
    public let output: Port
}

/// The action head and the ports it reads.
public struct Head: Sendable, Hashable {
    public let config: HeadKind
    /// The resolved ports of each reference parameter (`condition`, `predict`).
    public let inputs: [String: [NamedPort]]

    /// The conditioning ports in the order written.
    public var conditions: [NamedPort] { inputs["condition"] ?? [] }
}

/// What one recipe stage trains, with the defaults of `train` and `encoder` resolved.
public struct StagePlan: Sendable, Hashable {
    /// Encoder names and/or `head`: the stage's `train` list, or its default (every encoder
    /// and the head for head objectives, the target encoder for pretraining objectives).
    public let trains: [String]
    /// The encoder a pretraining objective (`jepa`, `time_contrastive`) trains; nil for
    /// head objectives.
    public let target: String?
}

/// The resource estimate of a spec: one policy call at batch 1, in f32.
public struct ResourceEstimate: Sendable, Hashable {
    /// Bytes of one f32 element.
    public static let bytesPerElement = 4

    /// One row per encoder, then the head.
    public let components: [ComponentEstimate]
    /// Elements of the observations one call reads (every frame of every observation).
    public let inputElements: Int

    /// Parameters and FLOPs summed over the components.
    public var total: Cost {
        components.reduce(into: Cost()) { $0.add($1.cost) }
    }

    /// Peak activation memory of one call: the inputs, every component's output (each
    /// stays live until the head has read it) and the largest tensor of any one component
    /// (components run one at a time).
    public var peakActivationBytes: Int {
        let outputs = components.reduce(inputElements) { Cost.add($0, $1.outputElements) }
        let largest = components.map(\.cost.largestIntermediate).max() ?? 0
        return Cost.mul(Self.bytesPerElement, Cost.add(outputs, largest))
    }
}

/// Parameters, FLOPs and activation memory per policy call of one component.
public struct ComponentEstimate: Sendable, Hashable {
    /// The component's name (`head` for the head).
    public let name: String
    /// `encoder mlp`, `head dit`, ...
    public let kind: String
    public let cost: Cost
    /// Elements of the component's output (an encoder's port over all frames; the head's
    /// action chunk).
    public let outputElements: Int

    /// The component's own peak: its output plus the largest tensor one of its layers
    /// produces, in bytes.
    public var activationBytes: Int {
        Cost.mul(ResourceEstimate.bytesPerElement, Cost.add(outputElements, cost.largestIntermediate))
    }
}
