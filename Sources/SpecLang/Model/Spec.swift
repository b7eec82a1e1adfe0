/// A loaded, checked, fully defaulted spec: what the Compiler consumes.
///
/// Every component's parameters are typed (the `config` enums hold one struct per kind),
/// every input, encoder output and head condition has its derived ``Port``, and
/// ``sourceMap`` locates every value for later diagnostics. ``hash`` identifies the
/// spec's meaning: it is stable across formatting, comments, key order, includes versus
/// inline text, defaults written out or left implicit, and the spec's `name` and
/// `description`; ``hashes`` splits it by what a change breaks.
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
    /// The resolved spec: every value after includes, `--set` and defaults, in the registry's
    /// order (keys that are unset, such as an absent `action.execute`, left out). It checks to
    /// this same spec: `polspec resolve` prints it as YAML, run folders keep it.
    public let document: SpecValue
    /// ``document`` as JSON with sorted keys and no whitespace (a checkpoint's `spec.json`;
    /// YAML reads it, so `polspec check spec.json` checks it).
    public var canonicalJSON: String { document.canonicalJSON }
    /// The interface, architecture and recipe hashes (``SpecHashes``).
    public let hashes: SpecHashes
    /// The spec's hash: of its interface, architecture and recipe (not of its name), 64 hex digits.
    public var hash: String { hashes.spec }
    /// Where each value was written (paths like `head.depth`).
    public let sourceMap: SourceMap
    /// The top-level file as given.
    public let file: String
    /// Every file the spec was read from, the top-level file first, with its text as read.
    public internal(set) var sourceFiles: [SpecSourceFile] = []
    /// The `--set` arguments applied, in order.
    public internal(set) var overrides: [String] = []

    /// The port called `name` (an observation or an encoder output).
    public func port(_ name: String) -> Port? {
        observations.first { $0.name == name }?.port ?? encoders.first { $0.name == name }?.output
    }

    /// The encoder called `name`.
    public func encoder(_ name: String) -> Encoder? { encoders.first { $0.name == name } }
}

/// A file a spec was read from.
public struct SpecSourceFile: Sendable, Hashable {
    /// The path as diagnostics show it (relative to the top-level file's folder for includes).
    public let path: String
    /// The absolute path, symlinks resolved.
    public let canonicalPath: String
    /// The text as read (a leading byte-order mark removed).
    public let text: String
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
