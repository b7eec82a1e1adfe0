import Compiler
import SpecLang

/// One run-time input of a lowered policy: an observation the policy reads, fed by its name.
///
/// Its tensor is `[batch, frames, ...frame]` when the port carries several frames of
/// history and `[batch, ...frame]` when it carries one, where the frame shape is
/// `[C, H, W]` for images, `[dim]` for vectors, `[max_tokens]` for text (i32 token ids),
/// `[count, 2 or 3]` for keypoints and `[count, dim]` for tokens. Everything but text is f32.
public struct ObservationInput: Hashable, Sendable {
    public let name: String
    public let port: Port
    /// The exact type the input must have.
    public let type: TensorType

    public init(name: String, port: Port, batch: Int) {
        self.name = name
        self.port = port
        let frames = port.frames > 1 ? [port.frames] : []
        type = TensorType(Shape([batch] + frames + port.type.frameShape), port.type.dtype)
    }
}

extension PortType {
    /// The shape of one frame of this port.
    public var frameShape: [Int] {
        switch self {
        case let .image(c, h, w): return [c, h, w]
        case let .vector(d): return [d]
        case let .text(t, _): return [t]
        case let .keypoints(k, confidence, _): return [k, confidence ? 3 : 2]
        case let .tokens(n, d): return [n, d]
        }
    }

    /// The element type of the port's tensors: i32 token ids for text, f32 otherwise.
    public var dtype: DType {
        if case .text = self { return .i32 }
        return .f32
    }
}
