extension Graph {
    /// FLOPs of the node computing `value`, counted as the spec estimate counts them: 2 per
    /// multiply-add of a matrix product (linears, convolutions as im2col, gradients), and
    /// for the attention composite its two products (`2·T·S·D` for the scores and
    /// `2·T·S·Dv` for the weighted values, per batch and head). Elementwise work, norms,
    /// softmax and data movement count 0.
    public func flops(of value: ValueID) -> Int {
        let node = self[value]
        switch node.op {
        case .matmul(let transposeA, _):
            let a = self[node.inputs[0]].type.shape
            let inner = transposeA ? a[a.rank - 2] : a[a.rank - 1]
            return 2 * node.type.shape.elementCount * inner
        case .composite(.attention):
            let (q, v) = (self[node.inputs[0]].type.shape, self[node.inputs[2]].type.shape)
            let keys = v[v.rank - 2]
            let leading = q.dims.dropLast(2).reduce(1, *)
            return 2 * leading * q[q.rank - 2] * keys * (q[q.rank - 1] + v[v.rank - 1])
        default:
            return 0
        }
    }
}
