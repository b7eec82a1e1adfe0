/// Inverted dropout (PyTorch `nn.Dropout` in training mode): each element is zeroed with
/// probability `p` and the rest scaled by `1 / (1 - p)`. The mask comes from the counter-based
/// generator: `seed` fixes the layer's stream and the i32 scalar `counter` (the training step)
/// draws a fresh mask per step, reproducibly. Lowering code applies it only in training graphs.
public func dropout(_ x: Tensor, probability p: Double, seed: UInt64, counter: Tensor? = nil) -> Tensor {
    guard p > 0 else { return x }
    let builder = x.builder
    guard p < 1 else { return x * 0 }
    let keep = builder.random(.uniform(low: 0, high: 1), shape: x.shape, seed: seed, counter: counter).compared(.ge, p)
    return x * keep * (1 / (1 - p))
}
