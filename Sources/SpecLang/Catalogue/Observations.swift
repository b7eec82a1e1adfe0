/// `image`: a camera image, channels first.
public struct ImageObservation: ObservationComponent, Hashable {
    public var shape: [Int] = [3, 64, 64]
    /// The simulated camera; nil means the camera named like the observation.
    public var camera: String?

    public init() {}

    public var port: PortType { .image(channels: shape[0], height: shape[1], width: shape[2]) }

    public static let kind = "image"
    public static let family = Family.observation
    public static let summary = "camera image [C, H, W]"
    public static let details = "An RGB (or depth, C = 1) camera image, channels first, values in [0, 1]."
    public static let example = "agentview: {kind: image, shape: [3, 64, 64], camera: agentview}"
    public static let parameters: [Parameter<ImageObservation>] = [
        Parameter("shape", \.shape, .list(.int(1...4096), 3...3), required: true, "[channels, height, width]"),
        Parameter("camera", \.camera, .string(.name), "camera of the suite that renders it (default: the observation's name)"),
    ]
    public static let rules: [Rule<ImageObservation>] = [
        .when(.inconsistentSizes, "at most 64 channels", at: "shape.0", reads: ["shape"]) { o, _ in
            o.shape[0] > 64 ? "an image has at most 64 channels, found \(o.shape[0])" : nil
        },
    ]
}

/// `vector`: a flat state vector (proprioception, object poses).
public struct VectorObservation: ObservationComponent, Hashable {
    public var dim = 1
    public var normalize = true

    public init() {}

    public var port: PortType { .vector(dim: dim) }

    public static let kind = "vector"
    public static let family = Family.observation
    public static let summary = "flat state vector [dim]"
    public static let details = """
        A low-dimensional state: proprioception, object poses, or the 39-D Meta-World state, read from \
        the suite's float field of the same name (any shape, flattened row-major). Training \
        standardises each feature with the demonstrations' mean and std (stored with the checkpoint); \
        `normalize: false` feeds the values as stored, for quantities with a geometric meaning (camera \
        intrinsics and extrinsics, world positions) that `pixel_as_ray` reads.
        """
    public static let example = "state: {kind: vector, dim: 39}"
    public static let parameters: [Parameter<VectorObservation>] = [
        Parameter("dim", \.dim, .int(1...65_536), required: true, "number of features"),
        Parameter("normalize", \.normalize, .boolean, "standardise with the training data's per-feature mean and std (false: as stored)"),
    ]
    public static let rules: [Rule<VectorObservation>] = []
}

/// `text`: a tokenised language instruction.
public struct TextObservation: ObservationComponent, Hashable {
    public var maxTokens = 16
    public var vocab = 256

    public init() {}

    public var port: PortType { .text(tokens: maxTokens, vocab: vocab) }

    public static let kind = "text"
    public static let family = Family.observation
    public static let summary = "language instruction as token ids [max_tokens]"
    public static let details = """
        A language instruction, tokenised and padded to `max_tokens`. Training and evaluation feed \
        the ids of the suites' word tokenizer (lower-case words of every built-in suite's \
        instructions; 0 pads, 1 is an unknown word), which fit the default vocabulary of 256. An \
        instruction is constant over an episode, so text ports have one frame whatever `history` is.
        """
    public static let example = "instruction: {kind: text, max_tokens: 16}"
    public static let parameters: [Parameter<TextObservation>] = [
        Parameter("max_tokens", \.maxTokens, .int(1...1024), "tokens per instruction (padded or truncated)"),
        Parameter("vocab", \.vocab, .int(2...1_048_576), "vocabulary size (at least the tokenizer's ids; 256 holds the built-in suites' words)"),
    ]
    public static let rules: [Rule<TextObservation>] = []
}

/// `keypoints`: 2D pixel keypoints with the camera that saw them.
public struct KeypointsObservation: ObservationComponent, Hashable {
    public var count = 1
    public var camera = Camera.named("camera")
    public var confidence = true

    public init() {}

    public var port: PortType { .keypoints(count: count, confidence: confidence, camera: camera) }

    public static let kind = "keypoints"
    public static let family = Family.observation
    public static let summary = "2D keypoints [count, 2 (+1 confidence)] with camera intrinsics/extrinsics"
    public static let details = """
        Pixel coordinates (u, v) of `count` keypoints (e.g. from a 2D pose detector), optionally \
        with a confidence each, and the camera that saw them: either the name of a suite camera \
        (the suite provides its intrinsics and extrinsics) or explicit matrices. Consumed by \
        `pixel_as_ray`.
        """
    public static let example = """
        joints2d:
          kind: keypoints
          count: 12
          camera:
            intrinsics: [[60, 0, 32], [0, 60, 32], [0, 0, 1]]
            extrinsics: [[1, 0, 0, 0], [0, -1, 0, 0.5], [0, 0, -1, 1.5], [0, 0, 0, 1]]
        """
    public static let parameters: [Parameter<KeypointsObservation>] = [
        Parameter("count", \.count, .int(1...1024), required: true, "number of keypoints K"),
        Parameter("camera", \.camera, .choice([.string(.name), .block(CameraMatrices.schema)]), required: true,
                  "a suite camera name, or {intrinsics: 3x3 K, extrinsics: 4x4 world-from-camera}"),
        Parameter("confidence", \.confidence, .boolean, "each keypoint carries a detection confidence"),
    ]
    public static let rules: [Rule<KeypointsObservation>] = [
        Rule(.invalidCamera, "explicit intrinsics: fx, fy > 0, zero skew row, last row [0, 0, 1]",
             reads: ["camera"]) { o, _ in
            guard case .explicit(let m) = o.camera else { return [] }
            let k = m.intrinsics
            if k[0][0] <= 0 || k[1][1] <= 0 {
                return [Violation(parameter: "camera.intrinsics", message: "focal lengths fx = K[0][0] and fy = K[1][1] must be positive")]
            }
            if k[1][0] != 0 || k[2] != [0, 0, 1] {
                return [Violation(parameter: "camera.intrinsics", message: "intrinsics must look like [[fx, s, cx], [0, fy, cy], [0, 0, 1]]")]
            }
            return []
        },
        Rule(.invalidCamera, "explicit extrinsics: a rotation (orthonormal, det +1) and last row [0, 0, 0, 1]",
             reads: ["camera"]) { o, _ in
            guard case .explicit(let m) = o.camera else { return [] }
            let e = m.extrinsics
            if e[3] != [0, 0, 0, 1] {
                return [Violation(parameter: "camera.extrinsics", message: "the last row of the extrinsics must be [0, 0, 0, 1]")]
            }
            let r = (0..<3).map { i in (0..<3).map { j in e[i][j] } }
            var worst = 0.0
            for i in 0..<3 {
                for j in 0..<3 {
                    let dot = (0..<3).reduce(0.0) { $0 + r[$1][i] * r[$1][j] }
                    worst = max(worst, abs(dot - (i == j ? 1 : 0)))
                }
            }
            let det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0])
            if worst > 1e-3 || det < 0 {
                return [Violation(parameter: "camera.extrinsics",
                                  message: "the upper-left 3x3 of the extrinsics is not a rotation (orthonormal with determinant +1)")]
            }
            return []
        },
    ]
}

/// `tokens`: a sequence of precomputed feature vectors.
public struct TokensObservation: ObservationComponent, Hashable {
    public var count = 1
    public var dim = 1

    public init() {}

    public var port: PortType { .tokens(count: count, dim: dim) }

    public static let kind = "tokens"
    public static let family = Family.observation
    public static let summary = "sequence of feature vectors [count, dim]"
    public static let details = "Precomputed features (e.g. frozen vision-model patch features) fed as a token sequence."
    public static let example = "features: {kind: tokens, count: 64, dim: 256}"
    public static let parameters: [Parameter<TokensObservation>] = [
        Parameter("count", \.count, .int(1...65_536), required: true, "tokens per frame"),
        Parameter("dim", \.dim, .int(1...65_536), required: true, "features per token"),
    ]
    public static let rules: [Rule<TokensObservation>] = []
}
