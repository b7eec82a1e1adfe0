/// One-hot encoding of i32 `indices` [...] as f32 [..., classes]: 1 at each index, 0
/// elsewhere (an index outside `0..<classes` gives an all-zero row). The comparison runs in
/// f32, so it fuses with the f32 ops around it: f32 holds every class id exactly (`classes` ≤
/// 2^24), and an index it rounds is at least 2^24, outside the classes either way.
public func oneHot(_ indices: Tensor, classes: Int) -> Tensor {
    precondition(classes <= 1 << 24, "oneHot: \(classes) classes are more than f32 counts exactly")
    let labels = indices.builder.constant(HostTensor(shape: [classes], floats: (0..<classes).map(Float.init)))
    return indices.cast(to: .f32).unsqueezed(-1).compared(.eq, labels)
}

/// Mean cross-entropy of `logits` [..., classes] against i32 class `targets` [...]:
/// `mean(-log_softmax(logits)[target])`. With `weights` (f32, shaped like `targets`, e.g. 1 on
/// masked tokens only) it is `sum(w · ce) / max(sum(w), 1)`.
public func crossEntropy(_ logits: Tensor, targets: Tensor, weights: Tensor? = nil) -> Tensor {
    let classes = logits.shape.dims.last ?? 0
    let perItem = -(logSoftmax(logits) * oneHot(targets, classes: classes)).sum(axes: [-1])
    guard let weights else { return perItem.mean() }
    return (perItem * weights).sum() / maximum(weights.sum(), 1)
}
