import Compiler
import SpecLang

/// A port's value while a spec is lowered: its tensor laid out `[batch, frames, ...frame]`
/// (the frame axis is always present inside the graph, even for one frame) and its port type.
struct PortValue {
    let port: Port
    let tensor: Tensor

    var batch: Int { tensor.shape[0] }

    /// Frames folded into the batch, `[batch · frames, ...frame]`, for per-frame encoders.
    var perFrame: Tensor {
        tensor.reshaped([batch * port.frames] + port.type.frameShape)
    }

    /// Undoes `perFrame`: `[batch · frames, ...frame]` back to `[batch, frames, ...frame]`.
    func framed(_ perFrame: Tensor, as type: PortType) -> PortValue {
        let port = Port(type, frames: port.frames)
        return PortValue(port: port, tensor: perFrame.reshaped([batch, port.frames] + type.frameShape))
    }

    /// One token sequence `[batch, tokens, width]`: every frame's tokens in order, a vector
    /// port giving one token per frame (what transformers read).
    var sequence: Tensor {
        tensor.reshaped([batch, port.tokenCount, port.width])
    }

    /// One flat vector `[batch, frames · width]`: vectors concatenated over frames, token
    /// ports mean-pooled over their tokens first (what the mlp head reads).
    var pooled: Tensor {
        let perFrame = port.type.kind == .tokens ? tensor.mean(axes: [2]) : tensor
        return perFrame.reshaped([batch, port.pooledWidth])
    }
}

extension [PortValue] {
    /// The ports pooled (``PortValue/pooled``) and concatenated into one `[batch, width]`
    /// vector, in their order: the conditioning of the heads that read one vector.
    var pooledConcatenation: Tensor {
        let pooled = map(\.pooled)
        return pooled.count == 1 ? pooled[0] : concat(pooled, axis: 1)
    }
}
