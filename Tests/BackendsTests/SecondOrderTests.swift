import Compiler
import Backends
import Testing

/// Gradients of gradients: EBT refines an action by a gradient step on an energy and trains
/// through that step, i.e. needs d/dθ of a function of dE/dx.
@Suite struct SecondOrderTests {
    /// Energy E(x; θ) = sum(tanh(x Wᵀ + b) · u) on x [3,4]; one descent step
    /// x' = x - α dE/dx; loss ||x' - target||². Checks d loss / d{W, b, u} by finite differences.
    @Test func gradientThroughAnEnergyDescentStep() throws {
        let inputs = [CheckedInput("x", [3, 4]), CheckedInput("target", [3, 4]), CheckedInput("W", [5, 4]),
                      CheckedInput("b", [5]), CheckedInput("u", [5])]
        let builder = GraphBuilder()
        let t = inputs.map { builder.input($0.name, $0.shape) }
        let energy = ((t[0].matmul(t[2], transposeB: true) + t[3]).tanh() * t[4]).sum()
        let dEdx = builder.gradients(of: energy, withRespectTo: [t[0]])[0]
        let refined = t[0] - 0.3 * dEdx
        builder.output("loss", (refined - t[1]).squared().sum())
        let forward = try builder.finish()
        let withGradients = try forward.appendingGradients(of: "loss", withRespectTo: ["W", "b", "u", "x"])
        try expectGradients(of: forward, withGradients, inputs: inputs.filter { $0.name != "target" },
                            feeds: doubleFeeds(inputs, seed: 11), step: 1e-6, tolerance: 1e-6,
                            sourceLocation: #_sourceLocation)
    }

    /// The same through the composites: an energy made of layer norm, GELU, RMS norm, SiLU
    /// and masked attention, so each composite's gradient formula is differentiated again.
    @Test func gradientThroughCompositeGradients() throws {
        let inputs = [CheckedInput("x", [1, 4, 3]), CheckedInput("W", [3, 3]), CheckedInput("v", [1, 4, 3])]
        let builder = GraphBuilder()
        let t = inputs.map { builder.input($0.name, $0.shape) }
        let h = gelu(layerNorm(t[0]).matmul(t[1], transposeB: true), approximation: .tanh)
        let a = attention(silu(h), rmsNorm(h), t[2], causal: true)
        let energy = (softmax(a) * gelu(h)).sum()
        let dEdx = builder.gradients(of: energy, withRespectTo: [t[0]])[0]
        builder.output("loss", (t[0] - 0.5 * dEdx).squared().sum())
        let forward = try builder.finish()
        let withGradients = try forward.appendingGradients(of: "loss", withRespectTo: ["W", "v", "x"])
        try expectGradients(of: forward, withGradients, inputs: inputs, feeds: doubleFeeds(inputs, seed: 5),
                            step: 1e-5, tolerance: 1e-6, sourceLocation: #_sourceLocation)
    }
}
