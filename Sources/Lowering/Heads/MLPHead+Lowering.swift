import Compiler
import SpecLang

/// `mlp` head. The conditions are pooled into one vector (`PortValue.pooled`, in the order
/// listed) and run through `fc1` … `fc{k+1}` (`Linear`), each hidden one followed by
/// `norm{i}` (`LayerNorm`, with `norm: layer`) and the activation; the last gives
/// `chunk · action.dim` values, read as the chunk `[chunk, action.dim]`.
///
/// Without `diffusion:` or `flow:` that is the regressed chunk (a ``RegressionStep``). With
/// one, the same MLP is a denoiser (a ``DenoisingStep``) over `[x_t (chunk · dim) | condition |
/// sinusoidal embedding of t (time_embed_dim)]` giving the prediction (or velocity) for `x_t`,
/// and inference unrolls the sampling loop around it; the condition is computed once for all steps.
extension MLPHead: HeadLowering {
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        let scope = context.scope
        let condition = scope.enter { conditions.pooledConcatenation }
        let out = context.action.chunk * context.action.dim
        let process: DenoisingProcess, timeEmbedDim: Int
        if let diffusion {
            (process, timeEmbedDim) = (.diffusion(diffusion.process), diffusion.timeEmbedDim)
        } else if let flow {
            (process, timeEmbedDim) = (.flow(flow.process), flow.timeEmbedDim)
        } else {
            return Regressor(network: network(scope, inFeatures: condition.shape[1], outFeatures: out), condition: condition,
                             scope: scope, context: context)
        }
        let network = network(scope, inFeatures: out + condition.shape[1] + timeEmbedDim, outFeatures: out)
        return Denoiser(process: process, context: context) { x, t in
            scope.enter { () -> Tensor in
                let flat = x.reshaped([context.batch, out])
                return network(concat([flat, condition, sinusoidalEmbedding(t, dim: timeEmbedDim)], axis: 1)).reshaped(x.shape.dims)
            }
        }
    }

    /// Declares `fc1` … `fc{k+1}` (and `norm{i}`) and returns the MLP as a function.
    private func network(_ scope: Scope, inFeatures: Int, outFeatures: Int) -> (Tensor) -> Tensor {
        var width = inFeatures
        var layers: [(Tensor) -> Tensor] = []
        for (index, features) in hidden.enumerated() {
            let linear = Linear(scope.child("fc\(index + 1)"), inFeatures: width, outFeatures: features)
            let layerNorm = norm == .layer ? LayerNorm(scope.child("norm\(index + 1)"), features: features) : nil
            let activation = activation.layer
            layers.append { x in
                let y = linear(x)
                return scope.enter { activation(layerNorm.map { $0(y) } ?? y) }
            }
            width = features
        }
        let last = Linear(scope.child("fc\(hidden.count + 1)"), inFeatures: width, outFeatures: outFeatures)
        layers.append { last($0) }
        return { x in layers.reduce(x) { $1($0) } }
    }

    /// The regression MLP: the chunk from the pooled condition.
    private struct Regressor: RegressionStep {
        let network: (Tensor) -> Tensor
        let condition: Tensor
        let scope: Scope
        let context: HeadContext

        func predict() -> Tensor {
            scope.enter { network(condition).reshaped([context.batch, context.action.chunk, context.action.dim]) }
        }

        func act(noise: NoiseDraws) -> Tensor { predict() }
    }
}
