import SpecLang

/// `mlp` head. The conditions are pooled into one vector (`PortValue.pooled`, in the order
/// listed) and run through `fc1` … `fc{k+1}` (`Linear`), each hidden one followed by
/// `norm{i}` (`LayerNorm`, with `norm: layer`) and the activation; the last gives
/// `chunk · action.dim` values, read as the chunk `[chunk, action.dim]`.
///
/// Without `diffusion:` that is the regressed chunk. With it, the same MLP is a denoiser over
/// `[x_t (chunk · dim) | condition | sinusoidal embedding of t (time_embed_dim)]` giving the
/// prediction for `x_t`, and `act` unrolls the sampling loop (`DiffusionSampler`) around it;
/// the condition is computed once for all steps.
extension MLPHead: HeadLowering {
    func act(_ conditions: [PortValue], context: HeadContext) -> Tensor {
        let scope = context.scope
        let condition = scope.enter { () -> Tensor in
            let pooled = conditions.map(\.pooled)
            return pooled.count == 1 ? pooled[0] : concat(pooled, axis: 1)
        }
        let out = context.action.chunk * context.action.dim
        guard let diffusion else {
            let network = network(scope, inFeatures: condition.shape[1], outFeatures: out)
            return scope.enter { network(condition).reshaped([context.batch, context.action.chunk, context.action.dim]) }
        }
        let denoiser = network(scope, inFeatures: out + condition.shape[1] + diffusion.timeEmbedDim, outFeatures: out)
        let sampler = DiffusionSampler(process: diffusion.process, range: context.action.range)
        return scope.enter { () -> Tensor in
            let noise = context.noise.draws(sampler.noiseDraws, batch: context.batch, chunk: context.action.chunk,
                                            dim: context.action.dim, builder: scope.builder)
            let sample = sampler.sample(noise: noise.reshaped([sampler.noiseDraws, context.batch, out])) { x, t in
                let time = scope.builder.constant(Double(t), shape: [context.batch])
                let embedding = sinusoidalEmbedding(time, dim: diffusion.timeEmbedDim)
                return denoiser(concat([x, condition, embedding], axis: 1))
            }
            return sample.reshaped([context.batch, context.action.chunk, context.action.dim])
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
}
