import Compiler

// The composites' own kernels, straight from their definitions in docs/ir.md (tests check
// them against the composites' lowerings to primitives).

extension ReferenceKernels {
    static func composite(_ composite: Composite, _ operands: [Tensor], shape: Shape) -> Tensor {
        switch composite {
        case .layerNorm(let epsilon): return normalize(operands[0], centered: true, epsilon: Scalar(epsilon))
        case .rmsNorm(let epsilon): return normalize(operands[0], centered: false, epsilon: Scalar(epsilon))
        case .softmax: return softmax(operands[0], mask: operands.count > 1 ? operands[1] : nil)
        case .gelu(let approximation): return elementwise(operands[0]) { gelu($0, approximation) }
        case .silu: return elementwise(operands[0]) { $0 / (1 + Scalar.exp(-$0)) }
        case .attention(let scale, let causal):
            return attention(operands[0], operands[1], operands[2], mask: operands.count > 3 ? operands[3] : nil,
                             scale: Scalar(scale), causal: causal, shape: shape)
        }
    }

    private static func elementwise(_ x: Tensor, _ function: (Scalar) -> Scalar) -> Tensor {
        Tensor(shape: x.shape, storage: .real(x.storage.realValues.map(function)))
    }

    private static func gelu(_ x: Scalar, _ approximation: GELUApproximation) -> Scalar {
        switch approximation {
        case .exact:
            return x / 2 * (1 + Scalar.erf(x / Scalar.sqrt(2)))
        case .tanh:
            let inner = Scalar.sqrt(2 / Scalar.pi) * (x + Scalar(0.044715) * x * x * x)
            return x / 2 * (1 + Scalar.tanh(inner))
        }
    }

    /// Layer norm (`centered`: subtract the mean, divide by the biased standard deviation)
    /// or RMS norm over the last axis.
    private static func normalize(_ x: Tensor, centered: Bool, epsilon: Scalar) -> Tensor {
        var values = x.storage.realValues
        let width = x.shape.dims.last ?? 1
        guard width > 0 else { return x }
        for start in stride(from: 0, to: values.count, by: width) {
            let row = start..<start + width
            let mean = centered ? values[row].reduce(0, +) / Scalar(width) : 0
            let variance = values[row].reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Scalar(width)
            let inverse = 1 / Scalar.sqrt(variance + epsilon)
            for i in row { values[i] = (values[i] - mean) * inverse }
        }
        return Tensor(shape: x.shape, storage: .real(values))
    }

    /// Softmax over the last axis; entries where the (broadcast) mask is 0 get probability 0,
    /// and a row with no kept entry is all zeros.
    private static func softmax(_ x: Tensor, mask: Tensor?) -> Tensor {
        var values = x.storage.realValues
        let width = x.shape.dims.last ?? 1
        let keep = maskFunction(mask, shape: x.shape)
        guard width > 0 else { return x }
        for start in stride(from: 0, to: values.count, by: width) {
            softmaxRow(&values, start..<start + width) { keep($0) }
        }
        return Tensor(shape: x.shape, storage: .real(values))
    }

    /// Turns `values[row]` into probabilities over the entries `keep` accepts (zeros elsewhere).
    private static func softmaxRow(_ values: inout [Scalar], _ row: Range<Int>, keep: (Int) -> Bool) {
        var maximum = -Scalar.infinity
        for i in row where keep(i) { maximum = Swift.max(maximum, values[i]) }
        guard maximum > -.infinity else {
            for i in row { values[i] = 0 }
            return
        }
        var total: Scalar = 0
        for i in row {
            values[i] = keep(i) ? Scalar.exp(values[i] - maximum) : 0
            total += values[i]
        }
        for i in row { values[i] /= total }
    }

    /// For flat indices of `shape`: whether the mask (broadcast to `shape`) keeps the entry.
    private static func maskFunction(_ mask: Tensor?, shape: Shape) -> (Int) -> Bool {
        guard let mask else { return { _ in true } }
        let indexer = BroadcastIndexer(output: shape, operands: [mask.shape])
        let values = mask.storage.realValues
        return { values[indexer.offset(0, $0)] != 0 }
    }

    /// `softmax(scale q kᵀ, mask) v` per leading index, with key j hidden from query i when
    /// the mask is 0 there or `causal` and j > i.
    private static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Scalar, causal: Bool,
                                  shape: Shape) -> Tensor {
        let (qs, ks, vs) = (q.storage.realValues, k.storage.realValues, v.storage.realValues)
        let rank = q.shape.rank
        let (queries, depth) = (q.shape[rank - 2], q.shape[rank - 1])
        let keys = k.shape[rank - 2]
        let valueDepth = v.shape[rank - 1]
        let batchCount = Array(q.shape.dims.dropLast(2)).reduce(1, *)
        let scoreShape = Shape(Array(q.shape.dims.dropLast(2)) + [queries, keys])
        let keep = maskFunction(mask, shape: scoreShape)
        var result = [Scalar](repeating: 0, count: shape.elementCount)
        var scores = [Scalar](repeating: 0, count: keys)
        for batch in 0..<batchCount {
            for i in 0..<queries {
                let qBase = (batch * queries + i) * depth
                for j in 0..<keys {
                    let kBase = (batch * keys + j) * depth
                    var dot: Scalar = 0
                    for d in 0..<depth { dot += qs[qBase + d] * ks[kBase + d] }
                    scores[j] = scale * dot
                }
                let scoreBase = (batch * queries + i) * keys
                softmaxRow(&scores, 0..<keys) { j in !(causal && j > i) && keep(scoreBase + j) }
                let outBase = (batch * queries + i) * valueDepth
                for j in 0..<keys {
                    let vBase = (batch * keys + j) * valueDepth
                    for d in 0..<valueDepth { result[outBase + d] += scores[j] * vs[vBase + d] }
                }
            }
        }
        return Tensor(shape: shape, storage: .real(result))
    }
}
