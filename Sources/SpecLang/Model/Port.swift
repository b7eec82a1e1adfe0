/// The type of a value flowing between components, per frame.
public enum PortType: Sendable, Hashable, CustomStringConvertible {
    /// An RGB (or any-channel) image, channels first.
    case image(channels: Int, height: Int, width: Int)
    /// A flat feature vector.
    case vector(dim: Int)
    /// Token ids of an instruction, padded to `tokens`, from a vocabulary of `vocab` ids.
    case text(tokens: Int, vocab: Int)
    /// 2D pixel keypoints `[count, 2]` (plus a confidence column when `confidence`) seen by `camera`.
    case keypoints(count: Int, confidence: Bool, camera: Camera)
    /// A sequence of `count` feature vectors of width `dim`.
    case tokens(count: Int, dim: Int)

    public var kind: PortKind {
        switch self {
        case .image: return .image
        case .vector: return .vector
        case .text: return .text
        case .keypoints: return .keypoints
        case .tokens: return .tokens
        }
    }

    public var description: String {
        switch self {
        case let .image(c, h, w): return "image[\(c),\(h),\(w)]"
        case let .vector(d): return "vector[\(d)]"
        case let .text(t, v): return "text[\(t)] (vocab \(v))"
        case let .keypoints(k, conf, camera): return "keypoints[\(k),\(conf ? 3 : 2)] (camera \(camera))"
        case let .tokens(n, d): return "tokens[\(n),\(d)]"
        }
    }

    /// Elements of one frame (for flattening into an MLP input).
    public var elementCount: Int {
        switch self {
        case let .image(c, h, w): return c * h * w
        case let .vector(d): return d
        case let .text(t, _): return t
        case let .keypoints(k, conf, _): return k * (conf ? 3 : 2)
        case let .tokens(n, d): return n * d
        }
    }
}

/// The kinds of ports, for "this parameter accepts image or tokens" rules.
public enum PortKind: String, Sendable, Hashable, CaseIterable {
    case image, vector, text, keypoints, tokens
}

/// A port: its per-frame type and how many frames of it one policy call sees.
///
/// Observations carry `history` frames; per-frame encoders (cnn, jepa, mlp, ...) keep the
/// frame count; sequence encoders (transformer, moment_tokens) fold time into tokens and
/// output one frame.
public struct Port: Sendable, Hashable, CustomStringConvertible {
    public var type: PortType
    public var frames: Int

    public init(_ type: PortType, frames: Int) {
        self.type = type
        self.frames = frames
    }

    public var description: String { frames == 1 ? type.description : "\(frames) × \(type)" }

    /// Elements over all frames.
    public var elementCount: Int { Cost.mul(frames, type.elementCount) }

    /// Tokens per call when a transformer head reads this port: token ports give
    /// `frames × count`, vector ports one token per frame.
    public var tokenCount: Int {
        switch type {
        case .tokens(let n, _): return frames * n
        default: return frames
        }
    }

    /// Feature width of one token or vector.
    public var width: Int {
        switch type {
        case .tokens(_, let d): return d
        case .vector(let d): return d
        default: return type.elementCount
        }
    }

    /// Width of the flat vector an MLP reads: vectors concatenated over frames, token
    /// ports mean-pooled over tokens and concatenated over frames.
    public var pooledWidth: Int { frames * width }
}

/// The camera of a keypoint observation: a named camera of the simulated suite (whose
/// intrinsics and extrinsics the suite provides) or explicit matrices.
public enum Camera: Sendable, Hashable, SpecValueConvertible, CustomStringConvertible {
    case named(String)
    case explicit(CameraMatrices)

    public init?(specValue: SpecValue) {
        if let name = specValue.string { self = .named(name); return }
        guard let m = CameraMatrices(specValue: specValue) else { return nil }
        self = .explicit(m)
    }

    public var specValue: SpecValue {
        switch self {
        case .named(let name): return .string(name)
        case .explicit(let m): return m.specValue
        }
    }

    public var description: String {
        switch self {
        case .named(let name): return name
        case .explicit: return "explicit K, extrinsics"
        }
    }
}

/// Pinhole intrinsics `K` (3x3) and the world-from-camera transform (4x4, last row 0 0 0 1).
public struct CameraMatrices: SpecBlock, Hashable {
    public var intrinsics: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    public var extrinsics: [[Double]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]

    public init() {}

    public static let blockTitle = "camera"
    public static let blockSummary = "The explicit camera of a `keypoints` observation (`camera:` instead of a suite camera's name): pinhole intrinsics and the world-from-camera transform, which `pixel_as_ray` turns keypoints into rays with."
    public static let parameters: [Parameter<CameraMatrices>] = [
        Parameter("intrinsics", \.intrinsics, .matrix(rows: 3...3, columns: 3...3), required: true,
                  "pinhole matrix K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] in pixels"),
        Parameter("extrinsics", \.extrinsics, .matrix(rows: 4...4, columns: 4...4), required: true,
                  "world-from-camera transform [[R, t], [0, 0, 0, 1]] (R a rotation, t in metres)"),
    ]
}
