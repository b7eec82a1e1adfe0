import Bench
import Lowering

extension DataRequest {
    /// True when the request is drawn from a random generator (sources `normal`, `uniform`,
    /// `integers`), not read from data.
    var isRandom: Bool {
        switch source {
        case .normal, .uniform, .integers: return true
        case .actionChunk: return false
        }
    }

    /// Writes row `row` of a random request into its bytes `raw` (the whole `[batch, ...]`
    /// tensor) from `random`: standard normals (Box–Muller), uniforms on [0, 1), or uniform
    /// integers in `0 ..< upperBound`, element after element.
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
        case .actionChunk:
            preconditionFailure("\(name) is read from data, not drawn")
        }
    }
}
