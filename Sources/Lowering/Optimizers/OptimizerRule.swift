import Compiler
import Foundation
import SpecLang

/// An optimizer kind the compiler lowers: the per-parameter state it keeps and its update in
/// graph ops (PyTorch's rules, ``OptimizerUpdate``). Each optimizer kind of the registry
/// conforms (`Optimizers/*+Lowering.swift`).
///
/// The per-step scalars that depend on the learning rate and the step count are f32 inputs
/// the training runtime computes on the host in double precision, as PyTorch computes them in
/// Python (``forEachScalar(lr:step:_:)``).
public protocol OptimizerLowering: OptimizerComponent {
    /// Names of the per-parameter state tensors, as in PyTorch's optimizer `state_dict`.
    var stateNames: [String] { get }
    /// The names of the scalar inputs the update reads.
    var scalarNames: [String] { get }
    /// Calls `body` with every scalar of ``scalarNames`` at 1-based step `step` and rate `lr`.
    func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void)
    /// True when weight decay applies to a parameter of `shape`.
    func decays(_ shape: Shape) -> Bool
    /// The updated parameter and state tensors (in ``stateNames`` order) for one parameter;
    /// `scalars` holds the scalars by name.
    func update(parameter: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                decayed: Bool) -> (parameter: Tensor, state: [Tensor])
}

/// A stage's optimizer as graph ops: the kind's ``OptimizerLowering``.
///
/// Weight decay applies to tensors of rank ≥ 2 (weight matrices, convolution kernels,
/// embedding tables), not to biases and normalisation weights, unless `decay_all` is set.
public struct OptimizerRule: Sendable {
    public let kind: OptimizerKind
    private let lowering: any OptimizerLowering

    /// The rule of `kind`; every registered optimizer kind lowers.
    public init(_ kind: OptimizerKind) {
        guard let lowering = kind.base as? any OptimizerLowering else {
            preconditionFailure("optimizer kind \(kind.kindName) has no OptimizerLowering conformance")
        }
        self.kind = kind
        self.lowering = lowering
    }

    /// Scalar input names.
    public enum Scalar {
        public static let lr = "optimizer.lr"
        public static let stepSize = "optimizer.step_size"
        public static let biasCorrection2Sqrt = "optimizer.bias_correction2_sqrt"
        public static let decayFactor = "optimizer.decay_factor"
    }

    public var stateNames: [String] { lowering.stateNames }
    public var scalarNames: [String] { lowering.scalarNames }

    public func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void) {
        lowering.forEachScalar(lr: lr, step: step, body)
    }

    public func decays(_ shape: Shape) -> Bool { lowering.decays(shape) }

    public func update(parameter p: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                       decayed: Bool) -> (parameter: Tensor, state: [Tensor]) {
        lowering.update(parameter: p, gradient: gradient, state: state, scalars: scalars, decayed: decayed)
    }
}

/// Adam's scalars: lr, lr/(1 − β1ᵗ) and √(1 − β2ᵗ) in double precision.
func adamScalars(lr: Double, step: Int, betas: [Double], _ body: (String, Float) -> Void) {
    body(OptimizerRule.Scalar.lr, Float(lr))
    body(OptimizerRule.Scalar.stepSize, Float(lr / (1 - Foundation.pow(betas[0], Double(step)))))
    body(OptimizerRule.Scalar.biasCorrection2Sqrt, Float((1 - Foundation.pow(betas[1], Double(step))).squareRoot()))
}

/// Adam's update of one parameter with the scalars of ``adamScalars``.
func adamUpdate(_ p: Tensor, _ g: Tensor, _ state: [Tensor], _ scalars: [String: Tensor], betas: [Double],
                eps: Double) -> (parameter: Tensor, state: [Tensor]) {
    let next = OptimizerUpdate.adam(parameter: p, gradient: g, firstMoment: state[0], secondMoment: state[1],
                                    stepSize: scalars[OptimizerRule.Scalar.stepSize]!,
                                    biasCorrection2Sqrt: scalars[OptimizerRule.Scalar.biasCorrection2Sqrt]!,
                                    betas: (betas[0], betas[1]), eps: eps)
    return (next.parameter, [next.firstMoment, next.secondMoment])
}
