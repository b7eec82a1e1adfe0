// Attention masks: f32 tensors, 1 where a query may attend a key, 0 where not, shaped to
// broadcast against the scores [batch, heads, queries, keys]. Combine masks by multiplying.

extension GraphBuilder {
    /// [queries, keys]: query i sees key j iff j <= i (top-left aligned, PyTorch `is_causal`).
    /// `SelfAttention(..., causal: true)` applies this inside the attention kernel instead.
    public func causalMask(queries: Int, keys: Int) -> Tensor {
        let values = (0..<queries).flatMap { i in (0..<keys).map { j in Float(j <= i ? 1 : 0) } }
        return constant(HostTensor(shape: [queries, keys], floats: values))
    }

    /// [tokens, tokens] for consecutive blocks of the given sizes: a token sees every token of
    /// its own block and of earlier blocks (bidirectional within a step, causal across steps:
    /// HAMLET's memory, VAR's scales).
    public func blockCausalMask(blockSizes: [Int]) -> Tensor {
        let blockOf = blockSizes.enumerated().flatMap { block, size in [Int](repeating: block, count: Swift.max(size, 0)) }
        let values = blockOf.flatMap { queryBlock in blockOf.map { keyBlock in Float(keyBlock <= queryBlock ? 1 : 0) } }
        return constant(HostTensor(shape: [blockOf.count, blockOf.count], floats: values))
    }

    /// [batch, 1, 1, keys] from a key-validity tensor [batch, keys] (1 = real token, 0 =
    /// padding): every query of every head ignores padded keys.
    public func paddingMask(validKeys: Tensor) -> Tensor {
        guard validKeys.rank == 2 else {
            report("a padding mask needs valid-key flags [batch, keys], got \(validKeys.shape)")
            return validKeys
        }
        return validKeys.reshaped([validKeys.shape[0], 1, 1, validKeys.shape[1]])
    }
}
