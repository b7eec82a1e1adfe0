import Compiler
import SpecLang

/// `jepa` (I-JEPA): on the current frame of the encoder's image input, the masks
/// `target.masks` (`[batch, 1 + blocks, patches]`: the context block, then the target blocks;
/// drawn on the host, ``DataSource/blockMasks(_:)``), the context encoder on the context
/// patches, the predictor's guesses at every target block, and the loss between them and the
/// target encoder's LayerNorm'd features (no gradient), averaged over the target patches and
/// features. The target encoder's parameters follow the context encoder's by EMA
/// (``ObjectiveContext/average(_:toward:momentum:)``).
extension JEPAObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let encoder = try context.targetEncoder()
        guard let jepa = encoder.config.base as? JEPAEncoder, let input = encoder.inputs["input"]?.first,
              case let .image(channels, height, width) = input.port.type else {
            throw context.bug("jepa pretrains a jepa encoder of an image, but '\(encoder.name)' is not one")
        }
        let batch = context.batch
        let image = context.lowering.observation(input.name)
        let frames = image.port.frames
        let grid = (height: height / jepa.patch, width: width / jepa.patch)
        let patches = grid.height * grid.width
        let shape = BlockMaskShape(height: grid.height, width: grid.width, targets: jepa.targetBlocks,
                                   targetScale: jepa.targetScale[0]...jepa.targetScale[1],
                                   targetAspect: jepa.targetAspect[0]...jepa.targetAspect[1],
                                   contextScale: jepa.contextScale[0]...jepa.contextScale[1], minKeep: jepa.minKeep)
        let masks = context.request("masks", shape: [1 + jepa.targetBlocks, patches], source: .blockMasks(shape))
        let scope = context.builder.root.child("encoders").child(encoder.name)
        let size = JEPAEncoder.ImageSize(channels: channels, height: height, width: width)
        let online = jepa.vision(scope, .context, image: size)
        let target = jepa.vision(scope, .target, image: size)
        let predictor = jepa.predictor(scope, image: size)
        let current = context.scope.enter { image.tensor.slice(axis: 1, (frames - 1)..<frames).reshaped([batch, channels, height, width]) }
        let (keep, targets) = context.scope.enter {
            (masks.slice(axis: 1, 0..<1).reshaped([batch, patches]), masks.slice(axis: 1, 1..<(1 + jepa.targetBlocks)))
        }
        let latents = target.encode(current, keep: nil)
        let h = context.scope.enter { layerNorm(latents).stopGradient() }
        let z = predictor.predict(online.encode(current, keep: keep), context: keep, targets: targets)
        for name in target.parameterNames {
            context.average(name, toward: online.scope.qualified(String(name.dropFirst(target.scope.path.count + 1))),
                            momentum: jepa.ema[0]...jepa.ema[1])
        }
        return context.scope.enter {
            let errors = elementwiseLoss(z - h.unsqueezed(1), jepa.loss == .l1 ? .l1 : .smoothL1).sum(axes: [3])
            return (errors * targets).sum() / (targets.sum() * Double(jepa.dim))
        }
    }
}
