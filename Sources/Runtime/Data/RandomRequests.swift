import Foundation
import Bench
import Lowering

extension DataRequest {
    /// True when the request is drawn row by row from a random generator (sources `normal`,
    /// `uniform`, `integers`, `beta`), not read from data.
    var isRandom: Bool {
        switch source {
        case .normal, .uniform, .integers, .beta: return true
        case .actionChunk, .futureObservation, .pastObservation, .augmentedObservation, .distantObservation, .blockMasks: return false
        }
    }

    /// Writes row `row` of a random request into its bytes `raw` (the whole `[batch, ...]`
    /// tensor) from `random`: standard normals (Box–Muller), uniforms on [0, 1), uniform
    /// integers in `0 ..< upperBound`, or Beta draws (two gamma draws), element after element.
    func fillRandomRow(_ row: Int, of raw: UnsafeMutableRawBufferPointer, random: inout SimRandom) {
        let n = rowElements, start = row * n
        switch source {
        case .normal:
            let out = raw.bindMemory(to: Float.self)
            for i in start..<(start + n) { out[i] = Float(random.normal()) }
        case .uniform:
            let out = raw.bindMemory(to: Float.self)
            for i in start..<(start + n) { out[i] = Float(random.unit()) }
        case .integers(let upperBound):
            let out = raw.bindMemory(to: Int32.self)
            for i in start..<(start + n) { out[i] = Int32(random.next() % UInt64(upperBound)) }
        case .beta(let alpha, let beta):
            let out = raw.bindMemory(to: Float.self)
            for i in start..<(start + n) {
                let x = random.gamma(alpha), y = random.gamma(beta)
                out[i] = Float(x / (x + y))
            }
        case .actionChunk, .futureObservation, .pastObservation, .augmentedObservation, .distantObservation, .blockMasks:
            preconditionFailure("\(name) is read from data, not drawn row by row")
        }
    }
}

extension SimRandom {
    /// A Gamma(shape, 1) draw (Marsaglia and Tsang; shapes below 1 through Gamma(shape + 1)·U^(1/shape)).
    mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 { return gamma(shape + 1) * Foundation.pow(Swift.max(unit(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x || Foundation.log(Swift.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) {
                return d * v
            }
        }
    }
}
