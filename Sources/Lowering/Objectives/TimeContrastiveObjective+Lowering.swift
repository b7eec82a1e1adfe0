import Compiler
import SpecLang

/// `time_contrastive` (HAMLET's TCL): the moment-token summaries of the anchor (the sample's
/// observations), the positive (`target.positive.<image>`, its images photometrically
/// augmented) and `negatives` negatives (`target.negative.<observation>`, frames of the same
/// episode at least `tcl_negative_gap` steps away; the instruction is the episode's) run through
/// the encoder's input chain as one batch `[anchor | positive | negatives]`;
/// z = normalize(g(mean over n_q of m'_t)) (F.normalize, eps 1e-8); the loss is the mean over
/// samples of the cross-entropy of [z_a·z_p, z_a·z_n…] / τ with label 0.
extension TimeContrastiveObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let encoder = try context.targetEncoder()
        guard let moments = encoder.config.base as? MomentTokensEncoder else {
            throw context.bug("time_contrastive pretrains a moment_tokens encoder, but '\(encoder.name)' is not one")
        }
        let lowering = context.lowering, batch = context.batch, count = negatives
        var observations: [String: PortValue] = [:]
        for observation in lowering.upstreamObservations(of: encoder) {
            let name = observation.name, port = observation.port
            let frame = [port.frames] + port.type.frameShape
            let anchor = lowering.observation(name).tensor
            var positive = anchor, negative: Tensor
            switch port.type {
            case .text:
                negative = context.scope.enter { anchor.unsqueezed(1).broadcast(to: Shape([batch, count] + frame)) }
            case .image:
                positive = context.request("positive.\(name)", shape: frame, source: .augmentedObservation(name: name))
                fallthrough
            default:
                negative = context.request("negative.\(name)", shape: [count] + frame,
                                           source: .distantObservation(name: name, minimumGap: moments.tclNegativeGap, count: count))
            }
            let all = context.scope.enter { concat([anchor, positive, negative.reshaped([batch * count] + frame)], axis: 0) }
            observations[name] = PortValue(port: port, tensor: all)
        }
        let scope = context.builder.root.child("encoders").child(encoder.name)
        let inputs = lowering.inputs(of: encoder, on: observations)
        let z = scope.enter {
            context.builder.sharingParameters { () -> Tensor in
                let projected = moments.projector(scope)(moments.summary(inputs, scope: scope).mean(axes: [1]))
                return projected / maximum(projected.squared().sum(axes: [1], keepDims: true).sqrt(), 1e-8)
            }
        }
        if trainParts == .tokens {
            let trained = Set(moments.tokenParameters(scope))
            context.freeze(context.builder.initializers.keys.filter { scope.contains($0) && !trained.contains($0) }.sorted())
        }
        return context.scope.enter {
            let anchor = z.slice(axis: 0, 0..<batch)
            let positive = z.slice(axis: 0, batch..<(2 * batch))
            let negative = z.slice(axis: 0, (2 * batch)..<((2 + count) * batch)).reshaped([batch, count, moments.dim])
            let logits = concat([(anchor * positive).sum(axes: [1], keepDims: true),
                                 (anchor.unsqueezed(1) * negative).sum(axes: [2])], axis: 1) * (1 / moments.tclTau)
            return -logSoftmax(logits).slice(axis: 1, 0..<1).mean()
        }
    }
}
