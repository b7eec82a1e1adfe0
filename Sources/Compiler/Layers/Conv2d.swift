/// 2-D convolution (PyTorch `nn.Conv2d`, NCHW) computed channels-last as im2col + one matmul:
/// the padded input `[batch, H, W, C]` is gathered by a constant index table into one row of
/// `kh·kw·C` values per output pixel, and the `[batch·outH·outW, kh·kw·C]` patches are
/// multiplied by the weight viewed as `[out, kh·kw·C]` — a single product whose M is every
/// output pixel of the batch (its gradients: one product for the weight with K = the batch's
/// pixels, one for the patches, and the matching scatter-add, col2im). `channelsLast(_:)`
/// takes and gives `[batch, H, W, C]` maps, for stacks of convolutions. Parameters `weight`
/// [out, in, kh, kw] (kaiming-uniform, a = √5, fan_in = in·kh·kw) and `bias` [out].
public struct Conv2d {
    public let scope: Scope
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: (height: Int, width: Int)
    public let stride: Int
    public let padding: Int
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ scope: Scope, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true) {
        self.scope = scope
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = (kernel, kernel)
        self.stride = stride
        self.padding = padding
        let fanIn = inChannels * kernel * kernel
        weight = scope.parameter("weight", [outChannels, inChannels, kernel, kernel], .pytorchWeight(fanIn: fanIn))
        self.bias = bias ? scope.parameter("bias", [outChannels], .pytorchBias(fanIn: fanIn)) : nil
        if kernel < 1 || stride < 1 || padding < 0 {
            scope.enter { scope.builder.report("conv2d needs kernel >= 1, stride >= 1, padding >= 0; got \(kernel), \(stride), \(padding)") }
        }
    }

    /// Output height and width for an input of `height` x `width`.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding - kernel.height) / stride + 1, (width + 2 * padding - kernel.width) / stride + 1)
    }

    /// Convolves `x` [batch, in, H, W] to [batch, out, outH, outW].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        scope.enter {
            guard x.rank == 4, x.shape[1] == inChannels else {
                scope.builder.report("conv2d expects [batch, \(inChannels), height, width], got \(x.shape)")
                return x
            }
            return channelsLast(x.permuted([0, 2, 3, 1])).permuted([0, 3, 1, 2])
        }
    }

    /// Convolves `x` [batch, H, W, in] to [batch, outH, outW, out].
    public func channelsLast(_ x: Tensor) -> Tensor {
        scope.enter {
            guard x.rank == 4, x.shape[3] == inChannels, stride >= 1 else {
                scope.builder.report("conv2d expects [batch, height, width, \(inChannels)] channels-last, got \(x.shape)")
                return x
            }
            let (batch, height, width) = (x.shape[0], x.shape[1] + 2 * padding, x.shape[2] + 2 * padding)
            let out = outputSize(height: x.shape[1], width: x.shape[2])
            guard out.height > 0, out.width > 0 else {
                scope.builder.report("conv2d kernel \(kernel.height) does not fit the input \(x.shape) with padding \(padding)")
                return x
            }
            let taps = kernel.height * kernel.width
            let padded = padding > 0 ? x.padded(before: [0, padding, padding, 0], after: [0, padding, padding, 0]) : x
            let patches = gather(padded.reshaped([batch, height * width, inChannels]), patchIndices(width: width, out: out), axis: 1)
                .reshaped([batch * out.height * out.width, taps * inChannels])
            let w = weight.permuted([0, 2, 3, 1]).reshaped([outChannels, taps * inChannels])
            var y = patches.matmul(w, transposeB: true)
            if let bias { y = y + bias }
            return y.reshaped([batch, out.height, out.width, outChannels])
        }
    }

    /// [outH·outW·kh·kw]: the pixel (row-major position in the padded image) that kernel tap
    /// (i, j) of output pixel (r, c) reads, pixel by pixel, taps in row-major order.
    private func patchIndices(width: Int, out: (height: Int, width: Int)) -> Tensor {
        var indices: [Int32] = []
        indices.reserveCapacity(kernel.height * kernel.width * out.height * out.width)
        for r in 0..<out.height {
            for c in 0..<out.width {
                for i in 0..<kernel.height {
                    for j in 0..<kernel.width {
                        indices.append(Int32((r * stride + i) * width + c * stride + j))
                    }
                }
            }
        }
        return scope.builder.constant(HostTensor(shape: [out.height * out.width * kernel.height * kernel.width], ints: indices))
    }
}
