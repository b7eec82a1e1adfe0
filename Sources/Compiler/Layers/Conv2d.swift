/// 2-D convolution (PyTorch `nn.Conv2d`, NCHW) computed as im2col + one matmul: the padded
/// input's patches are gathered by a constant index table into [batch, C·kh·kw, outH·outW]
/// and multiplied by the weight viewed as [out, C·kh·kw]. Its gradient is the matching
/// scatter-add (col2im) and matmuls. Parameters `weight` [out, in, kh, kw] (kaiming-uniform,
/// a = √5, fan_in = in·kh·kw) and `bias` [out].
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
            guard x.rank == 4, x.shape[1] == inChannels, stride >= 1 else {
                scope.builder.report("conv2d expects [batch, \(inChannels), height, width], got \(x.shape)")
                return x
            }
            let (batch, height, width) = (x.shape[0], x.shape[2] + 2 * padding, x.shape[3] + 2 * padding)
            let out = outputSize(height: x.shape[2], width: x.shape[3])
            guard out.height > 0, out.width > 0 else {
                scope.builder.report("conv2d kernel \(kernel.height) does not fit the input \(x.shape) with padding \(padding)")
                return x
            }
            let padded = x.padded(before: [0, 0, padding, padding], after: [0, 0, padding, padding])
            let patches = gather(padded.reshaped([batch, inChannels, height * width]), patchIndices(width: width, out: out), axis: 2)
            let columns = patches.reshaped([batch, inChannels * kernel.height * kernel.width, out.height * out.width])
            var y = weight.reshaped([outChannels, inChannels * kernel.height * kernel.width]).matmul(columns)
            if let bias { y = y + bias.reshaped([outChannels, 1]) }
            return y.reshaped([batch, outChannels, out.height, out.width])
        }
    }

    /// [kh·kw, outH·outW]: the flat position in the padded image read by kernel tap (i, j)
    /// for output pixel (r, c).
    private func patchIndices(width: Int, out: (height: Int, width: Int)) -> Tensor {
        var indices: [Int32] = []
        indices.reserveCapacity(kernel.height * kernel.width * out.height * out.width)
        for i in 0..<kernel.height {
            for j in 0..<kernel.width {
                for r in 0..<out.height {
                    for c in 0..<out.width {
                        indices.append(Int32((r * stride + i) * width + c * stride + j))
                    }
                }
            }
        }
        return scope.builder.constant(HostTensor(shape: [kernel.height * kernel.width, out.height * out.width], ints: indices))
    }
}
