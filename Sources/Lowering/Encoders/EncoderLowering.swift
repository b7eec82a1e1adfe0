import Compiler
import SpecLang

/// An encoder kind the compiler lowers. Every encoder kind of the registry conforms
/// (`Encoders/<Kind>+Lowering.swift`; `RegistryLoweringTests` checks it), and nothing else
/// names encoder kinds.
protocol EncoderLowering: EncoderComponent {
    /// Declares the encoder's parameters under `context.scope` and maps its inputs (the ports of
    /// each reference parameter, by parameter name, in the order written) to its output port
    /// value; `context.output` is the port the checker derived.
    func lower(_ context: EncoderContext) -> PortValue
}

/// What an encoder's lowering reads: its inputs, its derived port, its scope, and the carried
/// state of the graph it is lowered into.
struct EncoderContext {
    /// The ports of every reference parameter, by parameter name, in the order written.
    let inputs: [String: [PortValue]]
    let output: Port
    let scope: Scope
    let encoder: Encoder
    let lowering: PolicyLowering

    /// The last `steps` values of a per-step tensor, oldest first, `[batch, steps, ...]`, the
    /// value of the current step (`current`, `[batch, ...]`) last, one value every `stride`
    /// environment steps: state the policy carries from call to call (``CarriedState``), which
    /// training recomputes by lowering `step` (the same computation as `current`, on the
    /// encoder's inputs at an earlier step) on the demonstration's past frames. `name` names the
    /// state within the encoder.
    func history(_ name: String, current: Tensor, steps: Int, stride: Int,
                 step: @escaping ([String: [PortValue]]) -> Tensor) -> Tensor {
        lowering.carried.history(of: encoder, name: name, current: current, steps: steps, stride: stride, step: step, lowering: lowering)
    }
}

/// An encoder that reads one port, its `input`.
protocol SingleInputEncoderLowering: EncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue
}

extension SingleInputEncoderLowering {
    func lower(_ context: EncoderContext) -> PortValue {
        guard let input = context.inputs["input"]?.first else {
            context.scope.builder.report("\(Self.kind) encoder reads no lowered port")
            return PortValue(port: context.output, tensor: context.scope.builder.constant(0, shape: [1]))
        }
        return lower(input, output: context.output, scope: context.scope)
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
