import SpecLang

/// A head kind the compiler lowers: it declares its parameters under `head` and maps the
/// condition ports to the action chunk.
protocol HeadLowering {
    /// The action chunk `[batch, chunk, action.dim]` for `conditions` (in the order the spec
    /// lists them); a denoising head runs its whole sampling loop here.
    func act(_ conditions: [PortValue], context: HeadContext) -> Tensor
}

/// What a head needs besides its conditions.
struct HeadContext {
    let scope: Scope
    let action: ActionSpec
    let batch: Int
    /// Where the noise of a sampling loop comes from.
    let noise: SamplingNoise
}

extension HeadKind {
    /// The lowering of this head kind, or the gap that keeps it from being lowered.
    func lowering() -> Result<any HeadLowering, MissingLowering> {
        switch self {
        case .mlp(let head):
            if let diffusion = head.diffusion, diffusion.process.sampler == .euler {
                return .failure(MissingLowering(kind: "mlp with sampler euler",
                                                gap: "flow-matching sampling (Euler steps) comes with the flow_matching objective, a later issue; samplers ddim and ddpm are lowered",
                                                key: "diffusion.sampler"))
            }
            return .success(head)
        case .dit:
            return .failure(MissingLowering(kind: kindName, gap: "the Dita in-context diffusion transformer head is a later issue"))
        case .uwm:
            return .failure(MissingLowering(kind: kindName, gap: "the Unified World Model head (joint action and observation diffusion) is a later issue"))
        case .ebt:
            return .failure(MissingLowering(kind: kindName, gap: "the EBT-Policy energy head (inference by gradient descent on the action) is a later issue"))
        case .discreteDiffusion:
            return .failure(MissingLowering(kind: kindName, gap: "the discrete-diffusion head (masked action tokens, confidence-ordered unmasking) is a later issue"))
        }
    }
}
