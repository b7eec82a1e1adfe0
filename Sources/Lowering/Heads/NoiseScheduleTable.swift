import Foundation
import Compiler
import SpecLang

/// The cumulative products ᾱ_t of a diffusion noise schedule with `N` training steps, as
/// diffusers computes them (in Double here):
/// - `linear`: β_t evenly spaced from `beta_start` to `beta_end` (diffusers' defaults 1e-4 and
///   0.02), ᾱ_t = Π (1 − β_s);
/// - `squaredcos` (`squaredcos_cap_v2`): β_t = min(1 − ā((t+1)/N) / ā(t/N), 0.999) with
///   ā(s) = cos²((s + 0.008) / 1.008 · π/2).
struct NoiseScheduleTable: Hashable, Sendable {
    /// ᾱ_t for t = 0 ..< N.
    let alphasCumprod: [Double]

    init(_ process: DiffusionProcess) {
        let steps = process.trainSteps
        var betas: [Double]
        switch process.schedule {
        case .linear:
            let (start, end) = (process.betaStart, process.betaEnd)
            betas = (0..<steps).map { steps == 1 ? start : start + (end - start) * Double($0) / Double(steps - 1) }
        case .squaredcos:
            func alphaBar(_ s: Double) -> Double { pow(cos((s + 0.008) / 1.008 * Double.pi / 2), 2) }
            betas = (0..<steps).map { i in
                min(1 - alphaBar(Double(i + 1) / Double(steps)) / alphaBar(Double(i) / Double(steps)), 0.999)
            }
        }
        var product = 1.0
        alphasCumprod = betas.map { beta in
            product *= 1 - beta
            return product
        }
    }

    /// ᾱ at `t`, and 1 before the first step (diffusers' `set_alpha_to_one`).
    func alphaCumprod(_ t: Int) -> Double { t >= 0 ? alphasCumprod[t] : 1 }

    /// The steps a sampler visits, from noisiest to cleanest, diffusers' "leading" spacing:
    /// `ratio = N / S` (integer division), timesteps `(S − 1)·ratio, …, ratio, 0`; each step
    /// goes from `t` to `t − ratio`.
    static func timesteps(trainSteps: Int, sampleSteps: Int) -> (steps: [Int], ratio: Int) {
        let ratio = trainSteps / sampleSteps
        return ((0..<sampleSteps).reversed().map { $0 * ratio }, ratio)
    }
}
