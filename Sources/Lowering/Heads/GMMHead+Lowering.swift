import Compiler
import Foundation
import SpecLang

/// The step of a mixture head (training family `mixture`): a Gaussian mixture over the chunk.
protocol MixtureStep: HeadModel {
    /// Means and scales `[batch, modes, chunk, action.dim]` and mixing logits `[batch, modes]`.
    func mixture() -> (means: Tensor, scales: Tensor, logits: Tensor)
}

/// `gmm` (robomimic's `GMMActorNetwork`). Parameters under `head`: `fc1` … `fc{k}` (Linear, the
/// hidden layers, each followed by the activation) and the three outputs `mean`, `scale`
/// (Linear(width, modes · chunk · action.dim)) and `logits` (Linear(width, modes)), robomimic's
/// decoder layers. The conditions are pooled into one vector as the mlp head pools them.
///
/// means = mid + half · tanh(mean(h)) on action.range = [mid − half, mid + half] (robomimic's
/// tanh on [−1, 1]); scales = softplus(scale(h)) + min_std, softplus(x) computed as
/// max(x, 0) + log(1 + exp(−|x|)); logits as they come.
///
/// Inference draws the component by Gumbel-max from the uniform draws `noise.mode`
/// `[batch, modes]` (the first largest of logits − log(−log u)) and returns its mean plus
/// `noise.action` `[batch, chunk, action.dim]` standard normal draws times its scales, or times
/// 1e-4 under `low_noise_eval` (robomimic's low-noise evaluation; the scale output is not run).
/// Each row's component index is the diagnostic `mode`.
extension GMMHead: HeadLowering {
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        let scope = context.scope
        let condition = scope.enter { conditions.pooledConcatenation }
        var width = condition.shape[1]
        var layers: [Linear] = []
        for (index, features) in hidden.enumerated() {
            layers.append(Linear(scope.child("fc\(index + 1)"), inFeatures: width, outFeatures: features))
            width = features
        }
        let components = modes * context.action.chunk * context.action.dim
        let activate = activation.layer
        let trunk = { () -> Tensor in
            layers.reduce(condition) { x, linear in
                let y = linear(x)
                return scope.enter { activate(y) }
            }
        }
        return GaussianMixtureModel(head: self, context: context, trunk: trunk,
                                    mean: Linear(scope.child("mean"), inFeatures: width, outFeatures: components),
                                    scale: Linear(scope.child("scale"), inFeatures: width, outFeatures: components),
                                    logits: Linear(scope.child("logits"), inFeatures: width, outFeatures: modes))
    }

    /// The mixture from the trunk's features, and its sampling.
    private struct GaussianMixtureModel: MixtureStep {
        let head: GMMHead
        let context: HeadContext
        let trunk: () -> Tensor
        let mean: Linear
        let scale: Linear
        let logits: Linear

        private var componentShape: [Int] { [context.batch, head.modes, context.action.chunk, context.action.dim] }

        private func means(_ features: Tensor) -> Tensor {
            let raw = mean(features)
            let (low, high) = (context.action.range[0], context.action.range[1])
            return context.scope.enter { raw.reshaped(componentShape).tanh() * ((high - low) / 2) + (high + low) / 2 }
        }

        private func scales(_ features: Tensor) -> Tensor {
            let raw = scale(features)
            return context.scope.enter {
                let x = raw.reshaped(componentShape)
                return maximum(x, 0) + ((-x.abs()).exp() + 1).log() + head.minStd
            }
        }

        func mixture() -> (means: Tensor, scales: Tensor, logits: Tensor) {
            let features = trunk()
            return (means(features), scales(features), logits(features))
        }

        func act(noise: NoiseDraws) -> Tensor { infer(noise: noise).action }

        func infer(noise: NoiseDraws) -> HeadInference {
            let features = trunk()
            let (means, scores) = (means(features), logits(features))
            let scales = head.lowNoiseEval ? nil : scales(features)
            let scope = context.scope
            return scope.enter {
                let (batch, modes) = (context.batch, head.modes)
                let u = noise.uniform("noise.mode", batch: batch, shape: [modes])
                let gumbel = -(-(maximum(u, 1e-20)).log()).log()
                let ids = scope.builder.constant(HostTensor(shape: [modes], floats: (0..<modes).map(Float.init)))
                let mode = TokenModel.argmax(scores + gumbel, ids: ids)
                let chosen = oneHot(mode.cast(to: .i32), classes: modes).reshaped([batch, modes, 1, 1])
                let epsilon = noise.normal("noise.action", batch: batch, shape: [context.action.chunk, context.action.dim])
                let spread = scales.map { epsilon * ($0 * chosen).sum(axes: [1]) } ?? epsilon * 1e-4
                return HeadInference(action: (means * chosen).sum(axes: [1]) + spread, diagnostics: [("mode", mode)])
            }
        }
    }
}

/// `mixture_nll`: −mean over the batch of the log-likelihood of the demonstrated chunk
/// `target.action` under the head's mixture, the chunk one event of chunk · action.dim values:
/// log p(a) = logsumexp_k(log_softmax(logits)_k + Σ_i log N(a_i; μ_ki, σ_ki)), the logsumexp
/// shifted by its (constant, gradient-free) maximum.
extension MixtureNLLObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let (means, scales, logits) = try context.step((any MixtureStep).self).mixture()
        let demonstrated = context.actionChunk()
        return context.scope.enter {
            let z = (demonstrated.unsqueezed(1) - means) / scales
            let events = Double(means.shape[2] * means.shape[3])
            let gaussian = (z.squared() * -0.5 - scales.log()).sum(axes: [2, 3]) - events * 0.5 * Foundation.log(2 * Double.pi)
            let joint = logSoftmax(logits) + gaussian
            let shift = joint.max(axes: [1], keepDims: true).stopGradient()
            let logLikelihood = (joint - shift).exp().sum(axes: [1]).log() + shift.reshaped([context.batch])
            return -logLikelihood.mean()
        }
    }
}
