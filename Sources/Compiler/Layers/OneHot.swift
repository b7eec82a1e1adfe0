/// One-hot encoding of i32 `indices` [...] as f32 [..., classes]: 1 at each index, 0
/// elsewhere (an index outside `0..<classes` gives an all-zero row).
public func oneHot(_ indices: Tensor, classes: Int) -> Tensor {
    let builder = indices.builder
    let labels = builder.constant(HostTensor(shape: [classes], ints: (0..<classes).map(Int32.init)))
    return indices.unsqueezed(-1).compared(.eq, labels)
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
