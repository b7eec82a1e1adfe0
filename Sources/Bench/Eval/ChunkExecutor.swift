import Foundation

/// One slot's actions between policy calls: the current chunk and, with temporal ensembling, the
/// recent chunks whose predictions still cover the coming steps.
struct ChunkExecutor {
    let horizon: Int
    let dimension: Int
    let decay: Double?
    /// Chunks (oldest first) with the episode step each was predicted at.
    private var chunks: [(start: Int, values: [Float])] = []
    private var output: [Float]

    init(horizon: Int, dimension: Int, decay: Double?) {
        self.horizon = horizon
        self.dimension = dimension
        self.decay = decay
        output = [Float](repeating: 0, count: dimension)
    }

    mutating func reset() { chunks.removeAll(keepingCapacity: true) }

    /// Takes a new chunk predicted at episode step `step`.
    mutating func receive(_ values: ArraySlice<Float>, at step: Int) {
        if decay == nil { chunks.removeAll(keepingCapacity: true) }
        chunks.append((step, Array(values)))
        chunks.removeAll { $0.start + horizon <= step }
    }

    /// The action to execute at episode step `step` (a buffer reused from call to call).
    mutating func action(at step: Int) -> [Float] {
        guard let decay else {
            let t = step - chunks[0].start
            for d in 0..<dimension { output[d] = chunks[0].values[t * dimension + d] }
            return output
        }
        for d in 0..<dimension { output[d] = 0 }
        var total = 0.0
        for (i, c) in chunks.enumerated() where step - c.start < horizon {
            let w = exp(-decay * Double(i))
            let t = step - c.start
            for d in 0..<dimension { output[d] += Float(w) * c.values[t * dimension + d] }
            total += w
        }
        for d in 0..<dimension { output[d] /= Float(total) }
        return output
    }
}
