import Foundation
import Testing
@testable import SpecLang

/// Parameter and FLOP counts against hand computation (PyTorch conventions: Linear has
/// weight + bias, LayerNorm weight + bias).
@Suite struct EstimateTests {
    /// A spec of specs/, or of Tests/Fixtures/estimate/ (a plain 64-token transformer).
    func spec(_ name: String) throws -> Spec {
        let estimate = Repository.root.appendingPathComponent("Tests/Fixtures/estimate").appendingPathComponent(name)
        let file = FileManager.default.fileExists(atPath: estimate.path) ? estimate : Repository.specs.appendingPathComponent(name)
        let result = SpecChecker.check(file: file.path)
        return try #require(result.spec, "\(result.diagnostics.map(\.message))")
    }

    @Test func mlpBaselineByHand() throws {
        let spec = try spec("mlp-bc-state.yaml")
        // trunk: Linear(39, 256) + Linear(256, 256)
        let trunk = (39 * 256 + 256) + (256 * 256 + 256)
        // head: Linear(256, 256) + Linear(256, 4 · 1)
        let head = (256 * 256 + 256) + (256 * 4 + 4)
        #expect(trunk == 76_032 && head == 66_820)
        #expect(spec.estimate.components.map(\.cost.parameters) == [trunk, head])
        #expect(spec.estimate.total.parameters == 142_852)
        // FLOPs: 2 per multiply-add, one row per call.
        #expect(spec.estimate.total.flops == 2 * (39 * 256 + 256 * 256 + 256 * 256 + 256 * 4))
    }

    @Test func transformerOver64TokensByHand() throws {
        let spec = try spec("transformer-tokens.yaml")
        let d = 256, n = 64, depth = 4, hidden = 4 * d
        // Block: norm1 (2d), qkv (3d² + 3d), proj (d² + d), norm2 (2d), fc1 (d·4d + 4d), fc2 (4d·d + d).
        let block = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * hidden + hidden) + (hidden * d + d)
        #expect(block == 12 * d * d + 13 * d)
        let backbone = n * d + depth * block + 2 * d  // learned positions, blocks, final norm (no input projection: 256 = 256)
        #expect(spec.estimate.components[0].cost.parameters == backbone)
        #expect(backbone == 3_175_936)
        // Head: mean-pooled tokens (256) -> Linear(256, 256) -> Linear(256, 7 · 8).
        #expect(spec.estimate.components[1].cost.parameters == (256 * 256 + 256) + (256 * 56 + 56))
        // FLOPs per block: qkv 2·n·d·3d, scores and weighted values 4·n·n·d, proj 2·n·d·d, MLP 2·2·n·d·4d.
        let blockFlops = 2 * n * d * 3 * d + 4 * n * n * d + 2 * n * d * d + 2 * 2 * n * d * hidden
        #expect(spec.estimate.components[0].cost.flops == depth * blockFlops)
    }

    @Test func diffusionHeadsRepeatTheDenoiserPerSampleStep() throws {
        func headCost(_ steps: Int) throws -> Cost {
            let result = SpecChecker.check(file: Repository.specs.appendingPathComponent("dita.yaml").path,
                                           options: CheckOptions(overrides: ["head.diffusion.sample_steps=\(steps)"]))
            return try #require(result.spec?.estimate.components.last?.cost)
        }
        let (a, b, c) = (try headCost(10), try headCost(20), try headCost(30))
        #expect(a.parameters == b.parameters)
        // Condition projections run once per call; the denoiser once per step.
        #expect(c.flops - b.flops == b.flops - a.flops)
        #expect(b.flops - a.flops > 0 && a.flops > b.flops - a.flops)
    }

    @Test func cnnGridAndCountByHand() throws {
        let result = check(tinySpec.replacingOccurrences(of: "  state: {kind: vector, dim: 9}",
                                                         with: "  state: {kind: vector, dim: 9}\n  cam: {kind: image, shape: [3, 32, 32]}")
            .replacingOccurrences(of: "head: {kind: mlp, condition: [state]}",
                                  with: "encoders:\n  v: {kind: cnn, input: cam, channels: [8, 16], kernel: 3, stride: 2}\nhead: {kind: mlp, condition: [v, state]}"))
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        let v = try #require(spec.encoder("v"))
        #expect(v.output == Port(.tokens(count: 8 * 8, dim: 16), frames: 1))
        // conv1 3->8 on a 16x16 output, conv2 8->16 on 8x8.
        #expect(spec.estimate.components[0].cost.parameters == (3 * 3 * 3 * 8 + 8) + (3 * 3 * 8 * 16 + 16))
        #expect(spec.estimate.components[0].cost.flops == 2 * 9 * 3 * 8 * 16 * 16 + 2 * 9 * 8 * 16 * 8 * 8)
    }

    @Test func absurdSizesSaturateInsteadOfCrashing() {
        let result = check(tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}",
            with: "encoders:\n  big: {kind: mlp, input: state, hidden: [65536, 65536, 65536, 65536, 65536, 65536]}\nhead: {kind: mlp, condition: [big], hidden: [65536, 65536]}"))
        #expect(codes(result) == ["E0401"])
    }

    /// Activation memory (f32, batch 1): a component holds its output and the largest tensor
    /// one of its layers produces; the spec's peak holds the inputs, every output and the
    /// largest tensor of any component (docs/spec-language.md, "Activation memory").
    @Test func activationMemoryOfTheBaselineByHand() throws {
        let spec = try spec("mlp-bc-state.yaml")
        // trunk: Linear(39, 256) and Linear(256, 256) each give a [256] tensor; its output is [256].
        // head: Linear(256, 256) gives [256], Linear(256, 4) gives [4]; its output is the 1 × 4 chunk.
        #expect(spec.estimate.components.map(\.activationBytes) == [4 * (256 + 256), 4 * (4 + 256)])
        // Inputs (the 39-D state), both outputs, the largest tensor (256).
        #expect(spec.estimate.peakActivationBytes == 4 * (39 + 256 + 4 + 256))
        #expect(spec.estimate.peakActivationBytes == 2_220)
    }

    @Test func activationMemoryOfATransformerByHand() throws {
        let spec = try spec("transformer-tokens.yaml")
        let n = 64, d = 256, heads = 8
        // Per block: qkv [n, 3d], scores [heads, n, n], weighted values [n, d], proj [n, d],
        // fc1 [n, 4d], fc2 [n, d]. The MLP's hidden layer is the largest here.
        let largest = max(n * 3 * d, heads * n * n, n * d, n * 4 * d)
        #expect(largest == n * 4 * d)
        #expect(spec.estimate.components[0].activationBytes == 4 * (n * d + largest))
        // Head: pooled [256] -> Linear(256, 256) [256] -> Linear(256, 56) [56]; output 8 × 7.
        #expect(spec.estimate.components[1].activationBytes == 4 * (56 + 256))
        #expect(spec.estimate.peakActivationBytes == 4 * (n * d + n * d + 56 + largest))
        #expect(spec.estimate.peakActivationBytes == 393_440)
    }

    @Test func attentionScoresDominateLongSequences() throws {
        let text = tinySpec.replacingOccurrences(of: "  state: {kind: vector, dim: 9}", with: "  state: {kind: tokens, count: 1024, dim: 64}")
            .replacingOccurrences(of: "head: {kind: mlp, condition: [state]}", with: """
                encoders:
                  seq: {kind: transformer, input: state, dim: 64, depth: 1, heads: 8}
                head: {kind: mlp, condition: [seq]}
                """)
        let spec = try #require(check(text).spec)
        // 8 heads × 1024 × 1024 scores against fc1's 1024 × 256.
        #expect(spec.estimate.components[0].activationBytes == 4 * (1024 * 64 + 8 * 1024 * 1024))
        var limits = Limits()
        limits.maxActivationBytes = 16 << 20
        let limited = check(text, options: CheckOptions(limits: limits))
        let d = try #require(limited.diagnostics.first)
        #expect(codes(limited) == ["E0403"])
        #expect(d.message == "one policy call needs 32.5 MiB of activations, over the limit of 16.0 MiB (largest: seq, 32.2 MiB)")
        #expect(d.range?.start == SourceLocation(line: 7, column: 3))
    }

    @Test func energyDescentKeepsEveryTensorOfTheEnergy() throws {
        let text = tinySpec.replacingOccurrences(of: "action: {dim: 4, chunk: 1}", with: "action: {dim: 3, chunk: 2}")
            .replacingOccurrences(of: "head: {kind: mlp, condition: [state]}",
                                  with: "head: {kind: ebt, condition: [state], dim: 32, depth: 1, heads: 4, mlp_ratio: 1}")
            .replacingOccurrences(of: "objective: bc", with: "objective: energy")
        let spec = try #require(check(text).spec, "\(check(text).diagnostics.map(\.message))")
        // The gradient of the energy needs its whole forward pass: chunk 2, width 32, 4 heads,
        // one condition token. Action Linear [2, 32]; self-attention qkv [2, 96], scores
        // [4, 2, 2], values [2, 32], proj [2, 32]; cross-attention q [2, 32], kv [1, 64], scores
        // [4, 2, 1], values [2, 32], proj [2, 32]; MLP [2, 32] twice; Linear [2, 32], Linear [2, 3].
        let energy = 64 + (192 + 16 + 64 + 64) + (64 + 64 + 8 + 64 + 64) + (64 + 64) + (64 + 6)
        #expect(energy == 862)
        #expect(spec.estimate.components[0].activationBytes == 4 * (2 * 3 + energy))
    }

    @Test func quantitiesParseAndPrint() {
        #expect(Quantity.parse("200M") == 200_000_000)
        #expect(Quantity.parse("1.5G") == 1_500_000_000)
        #expect(Quantity.parse("1e9") == 1_000_000_000)
        #expect(Quantity.parse("12") == 12)
        #expect(Quantity.parse("-3") == nil && Quantity.parse("abc") == nil && Quantity.parse("1e99") == nil)
        #expect(Quantity.count(142_852) == "143k" && Quantity.count(3_176_960) == "3.18M" && Quantity.count(999) == "999")
        #expect(Quantity.parse("4GiB") == 4 << 30 && Quantity.parse("512MiB") == 512 << 20 && Quantity.parse("64Ki") == 65_536)
        #expect(Quantity.parse("1.5GiB") == 3 << 29 && Quantity.parse("GiB") == nil && Quantity.parse("4iB") == nil)
        #expect(Quantity.bytes(480) == "480 B" && Quantity.bytes(2_220) == "2.17 KiB" && Quantity.bytes(4 << 30) == "4.00 GiB")
    }
}
