import Compiler
import Foundation
import SpecLang

/// `uwm` (Unified World Model). Parameters under `head`:
/// - `autoencoder.encoder.<i>`: `Conv2d(C → width, 3, stride 2)` and SiLU per halving of the
///   image (`log2(latent_downsample)` of them), then `Conv2d(width → latent_channels, 1)` and
///   tanh; `autoencoder.decoder.<i>`: `Conv2d(latent_channels → width, 1)`, SiLU, then per level
///   a nearest 2× upsampling and `Conv2d(3)` (to C at the last level, else width; SiLU between),
///   and a sigmoid (frames in [0, 1]);
/// - `action_in.0`, `action_in.2` (Linear(Da, 4d), Mish, Linear(4d, d)); `obs_in` (Linear of a
///   latent patch across the predicted frames, `frames · latent_channels · patch²`, to d);
///   `registers` [1, R, d]; `pos_embed` [1, chunk + patches + R, d];
/// - `t_embed.0`, `t_embed.2` (Linear(2·te, 4d), Mish, Linear(4d, d)) on
///   [sinusoid(t_a) | sinusoid(t_o)];
/// - `blocks.<i>` (`DiTBlock`, adaLN-Zero on [pooled conditions | t embedding]),
///   `final.adaLN_modulation.1` (2d), `final.linear` (Linear(d, d));
/// - `action_out.0`, `action_out.2` (Linear(d, 4d), Mish, Linear(4d, Da)); `obs_out`.
///
/// The adaLN modulations and `final.linear` start at zero (adaLN-Zero); the autoencoder is not
/// part of the policy call (only of training and of the dynamics modes).
extension UWMHead: HeadLowering {
    var inferenceModes: [String] { modes.map(\.rawValue).filter { $0 != UWMMode.policy.rawValue } }

    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        UWMModel(head: self, conditions: conditions, context: context)
    }
}

/// UWM's autoencoder, DiT and queries for one lowering.
struct UWMModel: JointDenoisingStep, QueryingModel, AutoencoderStep {
    let head: UWMHead
    let context: HeadContext
    /// The predicted observation's port and frame shape [C, H, W].
    let predicted: PortValue
    let frameShape: [Int]
    let latentGrid: (height: Int, width: Int)
    let patches: Int
    let patchValues: Int
    private let global: Tensor
    private let encoder: [(Tensor) -> Tensor]
    private let decoder: [(Tensor) -> Tensor]
    private let network: ([Tensor], [Tensor]) -> [Tensor]

    init(head: UWMHead, conditions: [PortValue], context: HeadContext) {
        self.head = head
        self.context = context
        let scope = context.scope
        predicted = context.inputs["predict"]![0]
        frameShape = predicted.port.type.frameShape
        let (channels, height, width) = (frameShape[0], frameShape[1], frameShape[2])
        latentGrid = (height / head.latentDownsample, width / head.latentDownsample)
        patches = (latentGrid.height / head.patch) * (latentGrid.width / head.patch)
        patchValues = head.futureFrames * head.latentChannels * head.patch * head.patch
        let levels = Int(log2(Double(head.latentDownsample)).rounded())
        // The autoencoder, as two nn.Sequential stacks.
        var encoder: [(Tensor) -> Tensor] = [], decoder: [(Tensor) -> Tensor] = []
        var index = 0
        for level in 0..<levels {
            let conv = Conv2d(scope.child("autoencoder.encoder.\(index)"), inChannels: level == 0 ? channels : head.autoencoderWidth,
                              outChannels: head.autoencoderWidth, kernel: 3, stride: 2, padding: 1)
            encoder.append { x in scope.enter { silu(conv(x)) } }
            index += 2
        }
        let toLatent = Conv2d(scope.child("autoencoder.encoder.\(index)"), inChannels: levels == 0 ? channels : head.autoencoderWidth,
                              outChannels: head.latentChannels, kernel: 1)
        encoder.append { x in scope.enter { toLatent(x).tanh() } }
        let fromLatent = Conv2d(scope.child("autoencoder.decoder.0"), inChannels: head.latentChannels,
                                outChannels: levels == 0 ? channels : head.autoencoderWidth, kernel: 1)
        decoder.append { x in scope.enter { levels == 0 ? fromLatent(x).sigmoid() : silu(fromLatent(x)) } }
        index = 2
        for level in 0..<levels {
            let last = level == levels - 1
            let conv = Conv2d(scope.child("autoencoder.decoder.\(index + 1)"), inChannels: head.autoencoderWidth,
                              outChannels: last ? channels : head.autoencoderWidth, kernel: 3, padding: 1)
            decoder.append { x in
                scope.enter {
                    let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
                    let upsampled = x.reshaped([b, c, h, 1, w, 1]).broadcast(to: [b, c, h, 2, w, 2]).reshaped([b, c, 2 * h, 2 * w])
                    let y = conv(upsampled)
                    return last ? y.sigmoid() : silu(y)
                }
            }
            index += last ? 2 : 3
        }
        self.encoder = encoder
        self.decoder = decoder
        // The DiT.
        global = scope.enter { conditions.pooledConcatenation }
        let (d, chunk, actionDim) = (head.dim, context.action.chunk, context.action.dim)
        let mishMLP = { (name: String, input: Int, hidden: Int, output: Int) -> (Tensor) -> Tensor in
            let first = Linear(scope.child("\(name).0"), inFeatures: input, outFeatures: hidden)
            let second = Linear(scope.child("\(name).2"), inFeatures: hidden, outFeatures: output)
            return { x in second(scope.enter { Compiler.Activation.mish(first(x)) }) }
        }
        let actionIn = mishMLP("action_in", actionDim, 4 * d, d)
        let observationIn = Linear(scope.child("obs_in"), inFeatures: patchValues, outFeatures: d)
        let registers = scope.parameter("registers", [1, head.registers, d], .normal(mean: 0, std: 0.02))
        let tokens = chunk + patches + head.registers
        let positions = scope.parameter("pos_embed", [1, tokens, d], .normal(mean: 0, std: 0.02))
        let timeEmbed = mishMLP("t_embed", 2 * head.timestepEmbedDim, 4 * d, d)
        let adaIn = global.shape[1] + d
        let blocks = (0..<head.depth).map {
            DiTBlock(scope.child("blocks.\($0)"), dim: d, heads: head.heads, conditionDim: adaIn, hidden: hiddenWidth(d, ratio: head.mlpRatio))
        }
        let finalModulation = AdaLNModulation(scope.child("final.adaLN_modulation"), conditionDim: adaIn, dim: d, count: 2)
        let finalLinear = Linear(scope.child("final.linear"), inFeatures: d, outFeatures: d, weightInit: .zeros, biasInit: .zeros)
        let actionOut = mishMLP("action_out", d, 4 * d, actionDim)
        let observationOut = Linear(scope.child("obs_out"), inFeatures: d, outFeatures: patchValues)
        let (batch, patches, registerCount, timestepWidth, global) = (context.batch, patches, head.registers, head.timestepEmbedDim, global)
        network = { noisy, t in
            let c = scope.enter { () -> Tensor in
                let embedding = concat([sinusoidalEmbedding(t[0], dim: timestepWidth), sinusoidalEmbedding(t[1], dim: timestepWidth)], axis: 1)
                return concat([global, timeEmbed(embedding)], axis: 1)
            }
            var h = scope.enter { () -> Tensor in
                let parts = [actionIn(noisy[0]), observationIn(noisy[1]), registers.broadcast(to: [batch, registerCount, d])]
                return concat(parts, axis: 1) + positions
            }
            for block in blocks { h = block(h, condition: c) }
            let m = finalModulation(c)
            h = finalLinear(scope.enter { modulate(layerNorm(h, epsilon: 1e-6), shift: m[0], scale: m[1]) })
            return [actionOut(scope.enter { h.slice(axis: 1, 0..<chunk) }),
                    observationOut(scope.enter { h.slice(axis: 1, chunk..<(chunk + patches)) })]
        }
    }

    // MARK: Latents

    /// The latent patch tokens `[batch, patches, patchValues]` of frames `[batch, F, C, H, W]`.
    func latents(_ frames: Tensor) -> Tensor {
        context.scope.enter { () -> Tensor in
            let (b, f) = (frames.shape[0], frames.shape[1])
            let encoded = encoder.reduce(frames.reshaped([b * f] + frameShape)) { $1($0) }
            let (p, lc) = (head.patch, head.latentChannels)
            let (gh, gw) = (latentGrid.height / p, latentGrid.width / p)
            return encoded.reshaped([b, f, lc, gh, p, gw, p]).permuted([0, 3, 5, 1, 2, 4, 6]).reshaped([b, gh * gw, f * lc * p * p])
        }
    }

    /// Frames `[batch, F, C, H, W]` decoded from latent patch tokens.
    func frames(_ tokens: Tensor) -> Tensor {
        context.scope.enter { () -> Tensor in
            let b = tokens.shape[0], f = head.futureFrames
            let (p, lc) = (head.patch, head.latentChannels)
            let (gh, gw) = (latentGrid.height / p, latentGrid.width / p)
            let latent = tokens.reshaped([b, gh, gw, f, lc, p, p]).permuted([0, 3, 4, 1, 5, 2, 6])
                .reshaped([b * f, lc, latentGrid.height, latentGrid.width])
            return decoder.reduce(latent) { $1($0) }.reshaped([b, f] + frameShape)
        }
    }

    // MARK: Training

    var diffusionProcess: DiffusionProcess? { head.diffusion }
    var independentTimesteps: Bool { head.timesteps == .independent }

    var modalities: [DenoisedModality] {
        let observation = head.predict, offset = head.offset(context.action), frames = head.futureFrames
        return [
            DenoisedModality(name: "action", shape: [context.action.chunk, context.action.dim], weight: head.actionLossWeight,
                             noiseOnlyFraction: head.actionFreeRatio) { $0.actionChunk() },
            DenoisedModality(name: observation, shape: [patches, patchValues], weight: head.observationLossWeight, noiseOnlyFraction: 0) {
                let future = $0.request("future.\(observation)", shape: [frames] + frameShape,
                                        source: .futureObservation(name: observation, offset: offset, frames: frames))
                return latents(future).stopGradient()
            },
        ]
    }

    func denoise(_ noisy: [Tensor], at t: [Tensor]) -> [Tensor] { network(noisy, t) }

    /// Current frames of the predicted observation (every frame of its history,
    /// `[batch · history, C, H, W]`) and their reconstruction through the autoencoder.
    func autoencode() -> (frames: Tensor, reconstruction: Tensor) {
        let frames = context.scope.enter { predicted.tensor.reshaped([predicted.batch * predicted.port.frames] + frameShape) }
        let latents = encoder.reduce(frames) { $1($0) }
        return (frames, decoder.reduce(latents) { $1($0) })
    }

    // MARK: Inference

    private var sampler: DiffusionSampler { DiffusionSampler(process: head.diffusion, range: context.action.range) }
    private var lastStep: Double { Double(head.diffusion.trainSteps - 1) }

    private func constant(_ value: Double) -> Tensor { context.scope.builder.constant(value, shape: [context.batch]) }

    /// p(a | o): the actions denoised, the future observation held at pure noise (t_o = N − 1).
    func act(noise: NoiseDraws) -> Tensor {
        context.scope.enter { () -> Tensor in
            let heldObservation = noise.normal("noise.observation", batch: context.batch, shape: [patches, patchValues])
            return sampler.sample(shape: [context.action.chunk, context.action.dim], batch: context.batch, noise: noise) { x, t in
                network([x, heldObservation], [constant(Double(t)), constant(lastStep)])[0]
            }
        }
    }

    func answer(_ mode: String, noise: NoiseDraws, given: (String, [Int]) -> Tensor) -> [String: Tensor] {
        let actionShape = [context.action.chunk, context.action.dim]
        let future = "future.\(head.predict)"
        switch UWMMode(rawValue: mode) {
        case .forwardDynamics?, .video?:
            let actions = mode == UWMMode.forwardDynamics.rawValue ? given("action", actionShape)
                : noise.normal("noise.action", batch: context.batch, shape: actionShape)
            let actionTime = mode == UWMMode.forwardDynamics.rawValue ? 0 : lastStep
            let latents = context.scope.enter {
                sampler.sample(shape: [patches, patchValues], batch: context.batch, noise: noise, prefix: "noise.observation") { x, t in
                    network([actions, x], [constant(actionTime), constant(Double(t))])[1]
                }
            }
            return [future: frames(latents)]
        case .inverseDynamics?:
            let observed = latents(given(future, [head.futureFrames] + frameShape))
            let actions = context.scope.enter {
                sampler.sample(shape: actionShape, batch: context.batch, noise: noise) { x, t in
                    network([x, observed], [constant(Double(t)), constant(0)])[0]
                }
            }
            return [PolicyGraph.actionOutput: actions]
        case .policy?, nil:
            return [PolicyGraph.actionOutput: act(noise: noise)]
        }
    }
}

/// `autoencoder`: the latent autoencoder of a head that diffuses observations, trained to
/// reconstruct the current frames of the predicted observation (every history frame).
extension AutoencoderObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let step = try context.step((any AutoencoderStep).self)
        let (frames, reconstruction) = step.autoencode()
        return context.scope.enter { regressionLoss(reconstruction - frames, loss) }
    }
}
