import Bench
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// Quantile action normalisation: the map and its inverse, equal shares of the data in equal
/// intervals of the range, and the knots stored with the checkpoint.
@Suite struct ActionMapTests {
    /// Two skewed dimensions: exponential-like values and a gripper that is mostly closed.
    static func actions() -> [Float] {
        var random = SimRandom(seed: 4)
        return (0..<4000).flatMap { _ -> [Float] in
            [Float(-log(max(random.unit(), 1e-9))), random.unit() < 0.8 ? -1 : 1]
        }
    }

    @Test func quantileMapInvertsAndSpreadsTheData() throws {
        let values = Self.actions()
        let knots = Normalization.quantiles(values, width: 2)
        #expect(knots.count == 2 && knots.allSatisfy { $0.count == Normalization.quantileIntervals + 1 })
        #expect(knots.allSatisfy { row in zip(row, row.dropFirst()).allSatisfy { $0 < $1 } })
        let map = ActionMap.quantile(QuantileMap(knots: knots, range: [-1, 1]))
        var normalised = values
        normalised.withUnsafeMutableBufferPointer { map.apply($0) }
        // Equal intervals of the range hold equal shares of the continuous dimension.
        let first = stride(from: 0, to: normalised.count, by: 2).map { normalised[$0] }
        for bin in 0..<8 {
            let (low, high) = (-1 + Float(bin) * 0.25, -1 + Float(bin + 1) * 0.25)
            let share = Double(first.filter { $0 >= low && ($0 < high || bin == 7) }.count) / Double(first.count)
            #expect(abs(share - 0.125) < 0.01, "bin \(bin) holds \(share)")
        }
        var back = normalised
        back.withUnsafeMutableBufferPointer { map.invert($0) }
        for (a, b) in zip(back, values) { #expect(abs(a - b) <= 1e-3 * max(1, abs(b))) }
    }

    @Test func quantilesTravelWithTheCheckpointAndAreChecked() throws {
        var normalization = Normalization(observations: [:], actionMin: [0, -1], actionMax: [5, 1], actionRange: [-1, 1],
                                          actionQuantiles: Normalization.quantiles(Self.actions(), width: 2))
        let read = try Normalization(tensors: normalization.tensors, metadata: normalization.metadata, path: "n")
        #expect(read == normalization)
        normalization.actionQuantiles![0][3] = normalization.actionQuantiles![0][2]
        #expect(throws: CheckpointError.self) {
            _ = try Normalization(tensors: normalization.tensors, metadata: normalization.metadata, path: "n")
        }
    }
}

