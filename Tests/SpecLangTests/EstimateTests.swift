import Foundation
import Testing
@testable import SpecLang

/// Parameter and FLOP counts against hand computation (PyTorch conventions: Linear has
/// weight + bias, LayerNorm weight + bias).
@Suite struct EstimateTests {
    func spec(_ name: String) throws -> Spec {
        let result = SpecChecker.check(file: Repository.specs.appendingPathComponent(name).path)
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

    @Test func quantitiesParseAndPrint() {
        #expect(Quantity.parse("200M") == 200_000_000)
        #expect(Quantity.parse("1.5G") == 1_500_000_000)
        #expect(Quantity.parse("1e9") == 1_000_000_000)
        #expect(Quantity.parse("12") == 12)
        #expect(Quantity.parse("-3") == nil && Quantity.parse("abc") == nil && Quantity.parse("1e99") == nil)
        #expect(Quantity.count(142_852) == "143k" && Quantity.count(3_176_960) == "3.18M" && Quantity.count(999) == "999")
    }
}
