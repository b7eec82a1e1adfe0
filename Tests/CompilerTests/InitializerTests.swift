import Compiler
import Foundation
import Testing

/// Seeded, name-keyed, reproducible initialisation with the PyTorch statistics.
@Suite struct InitializerTests {
    func statistics(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func kaimingUniformMatchesPyTorchBounds() {
        // a = √5: bound = sqrt(6 / (6 fan_in)) = 1/sqrt(fan_in); uniform std = bound/√3.
        let values = Initializer.pytorchWeight(fanIn: 64).values(count: 20_000, seed: 1, name: "w")
        let bound = 1 / 8.0
        #expect(values.allSatisfy { abs($0) <= bound })
        #expect(values.max()! > 0.99 * bound && values.min()! < -0.99 * bound)
        let (mean, std) = statistics(values)
        #expect(abs(mean) < 0.003)
        #expect(abs(std - bound / 3.0.squareRoot()) < 0.002)
    }

    @Test func normalAndTruncatedNormal() {
        let (mean, std) = statistics(Initializer.normal(std: 0.02).values(count: 20_000, seed: 3, name: "embed"))
        #expect(abs(mean) < 0.0005)
        #expect(abs(std - 0.02) < 0.0005)
        let truncated = Initializer.truncatedNormal(mean: 0, std: 1, low: -2, high: 2).values(count: 20_000, seed: 3, name: "t")
        #expect(truncated.allSatisfy { (-2...2).contains($0) })
        // The standard normal truncated to ±2 has std 0.8796.
        #expect(abs(statistics(truncated).std - 0.8796) < 0.01)
    }

    @Test func constantsAndXavier() {
        #expect(Initializer.zeros.values(count: 3, seed: 0, name: "b") == [0, 0, 0])
        #expect(Initializer.ones.values(count: 2, seed: 0, name: "w") == [1, 1])
        #expect(Initializer.constant(0.5).values(count: 2, seed: 9, name: "w") == [0.5, 0.5])
        let xavier = Initializer.xavierUniform(fanIn: 10, fanOut: 14).values(count: 10_000, seed: 2, name: "w")
        #expect(xavier.allSatisfy { abs($0) <= 0.5 } && xavier.max()! > 0.49)
    }

    @Test func valuesDependOnSeedNameAndIndexOnly() throws {
        func graph(extraFirst: Bool) throws -> Graph {
            let b = GraphBuilder()
            let x = b.input("x", [1, 4])
            if extraFirst { _ = Linear(b.root.child("extra"), inFeatures: 4, outFeatures: 4) }
            let fc = Linear(b.root.child("fc"), inFeatures: 4, outFeatures: 3)
            b.output("y", fc(x))
            return try b.finish()
        }
        let plain = try graph(extraFirst: false)
        let a = plain.initialParameters(seed: 42)
        #expect(a == plain.initialParameters(seed: 42))
        #expect(a["fc.weight"] != plain.initialParameters(seed: 43)["fc.weight"])
        // Declaring another parameter first does not move this one's values.
        #expect(try graph(extraFirst: true).initialParameters(seed: 42)["fc.weight"] == a["fc.weight"])
        // Weight and bias of one layer draw from different streams.
        #expect(a["fc.weight"]!.floats.prefix(3) != a["fc.bias"]!.floats.prefix(3))
    }

    @Test func pinnedValuesDoNotDriftAcrossVersions() {
        // A checkpoint initialised today must be reproducible by any later polspec.
        let values = Initializer.uniform(low: -1, high: 1).floatValues(count: 3, seed: 0, name: "fc.weight")
        let again = Initializer.uniform(low: -1, high: 1).floatValues(count: 3, seed: 0, name: "fc.weight")
        #expect(values == again)
        #expect(CounterRandom.streamID("fc.weight") == CounterRandom.streamID("fc.weight"))
        #expect(CounterRandom.streamID("") == 0xCBF2_9CE4_8422_2325)
        #expect(CounterRandom.streamID("a") == 0xAF63_DC4C_8601_EC8C)
    }
}
