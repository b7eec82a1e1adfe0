/// Softmax over the last axis. `mask` (f32, broadcastable to `x`; 1 keep, 0 exclude) gives
/// excluded entries probability 0; a row with every entry excluded is all zeros.
public func softmax(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
    x.builder.apply(.composite(.softmax), [x] + (mask.map { [$0] } ?? []))
}

/// `log(softmax(x))` over the last axis, from primitives (stable: the row maximum is subtracted).
public func logSoftmax(_ x: Tensor) -> Tensor {
    let shifted = x - x.max(axes: [-1], keepDims: true).stopGradient()
    return shifted - shifted.exp().sum(axes: [-1], keepDims: true).log()
}

extension GraphBuilder {
    /// Primitive lowering of softmax (the row maximum is a stop-gradient shift: softmax does
    /// not depend on it).
    func lowerSoftmax(_ x: Tensor, mask: Tensor?) -> Tensor {
        guard let mask else {
            let e = (x - x.max(axes: [-1], keepDims: true).stopGradient()).exp()
            return e / e.sum(axes: [-1], keepDims: true)
        }
        let rowMax = select(mask, x, constant(-.infinity)).max(axes: [-1], keepDims: true)
        let shift = select(rowMax.compared(.gt, -.infinity), rowMax, constant(0)).stopGradient()
        let e = select(mask, select(mask, x - shift, constant(0)).exp(), constant(0))
        let total = e.sum(axes: [-1], keepDims: true)
        return e / select(total.compared(.gt, 0), total, constant(1))
    }

    /// Softmax's gradient: `y * (g - sum(g * y))`, with y the output (zero where masked).
    func softmaxGradient(output y: Tensor, grad g: Tensor) -> Tensor {
        y * (g - (g * y).sum(axes: [-1], keepDims: true))
    }
}
