import SpecLang

/// An encoder kind the compiler lowers: it declares its parameters under `scope`
/// (`encoders.<name>`) and maps its input port value to its output port value.
protocol EncoderLowering {
    /// Builds the encoder on `input`; `output` is the port the checker derived for it.
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue
}

extension EncoderKind {
    /// The lowering of this encoder kind, or the gap that keeps it from being lowered.
    func lowering() -> Result<any EncoderLowering, MissingLowering> {
        switch self {
        case .mlp(let c): return .success(c)
        case .cnn(let c): return .success(c)
        case .transformer(let c): return .success(c)
        case .textEmbedding(let c): return .success(c)
        case .proprio(let c): return .success(c)
        case .momentTokens:
            return .failure(MissingLowering(kind: kindName, gap: "HAMLET moment tokens with their block-causal memory transformer are a later issue"))
        case .pixelAsRay:
            return .failure(MissingLowering(kind: kindName, gap: "the PhysHMR pixel-as-ray encoder (keypoints and camera to rays) is a later issue"))
        case .jepa:
            return .failure(MissingLowering(kind: kindName, gap: "the JEPA ViT encoder with its EMA target and predictor is a later issue"))
        }
    }
}

/// A kind (or a variant of one) that has no lowering yet, and the work that is missing.
struct MissingLowering: Error {
    let kind: String
    let gap: String
    /// The component's key that selects the missing variant (for the error's location).
    var key = "kind"
}

extension PortValue {
    /// Checks that `tensor` is `[batch, frames, ...frame]` for `port` and wraps it; a
    /// mismatch is a lowering bug, reported to the builder.
    static func checked(_ tensor: Tensor, port: Port, batch: Int) -> PortValue {
        let expected = Shape([batch, port.frames] + port.type.frameShape)
        if tensor.shape != expected {
            tensor.builder.report("lowered port \(port) has shape \(tensor.shape), expected \(expected)")
        }
        return PortValue(port: port, tensor: tensor)
    }
}
