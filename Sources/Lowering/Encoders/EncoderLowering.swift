import Compiler
import SpecLang

/// An encoder kind the compiler lowers. Each encoder kind of the registry that lowers
/// conforms (`Encoders/<Kind>+Lowering.swift`); a kind without the conformance is reported as
/// not lowered (``LoweringSupport``), and nothing else names encoder kinds.
protocol EncoderLowering: EncoderComponent {
    /// Why this configuration of the kind does not lower, or nil.
    var unsupportedVariant: UnsupportedVariant? { get }
    /// Declares the encoder's parameters under `scope` and maps its inputs (the ports of each
    /// reference parameter, by parameter name, in the order written) to its output port value;
    /// `output` is the port the checker derived.
    func lower(_ inputs: [String: [PortValue]], output: Port, scope: Scope) -> PortValue
}

extension EncoderLowering {
    var unsupportedVariant: UnsupportedVariant? { nil }
}

/// An encoder that reads one port, its `input`.
protocol SingleInputEncoderLowering: EncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue
}

extension SingleInputEncoderLowering {
    func lower(_ inputs: [String: [PortValue]], output: Port, scope: Scope) -> PortValue {
        guard let input = inputs["input"]?.first else {
            scope.builder.report("\(Self.kind) encoder reads no lowered port")
            return PortValue(port: output, tensor: scope.builder.constant(0, shape: [1]))
        }
        return lower(input, output: output, scope: scope)
    }
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
