import Compiler
import SpecLang

/// `cnn` encoder: an `nn.Sequential` of `Conv2d(kernel, stride, padding kernel/2)` and
/// activation per entry of `channels` (parameters `0.*`, `2.*`, `4.*`, ...), run on every
/// frame with shared weights. The final map `[C, h, w]` becomes `h·w` grid tokens of width C
/// (row-major over the grid, as `flatten(2).transpose(1, 2)`) or, with `output: vector`,
/// its mean over the grid.
extension CNNEncoder: SingleInputEncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue {
        guard case .image(var c, _, _) = input.port.type else {
            scope.builder.report("cnn encoder needs an image port, got \(input.port)")
            return input
        }
        // Channels-last [frames, H, W, C] from the first layer on: no layout change between layers.
        var x = scope.enter { input.perFrame.permuted([0, 2, 3, 1]) }
        for (layer, out) in channels.enumerated() {
            let conv = Conv2d(scope.child("\(2 * layer)"), inChannels: c, outChannels: out, kernel: kernel,
                              stride: stride, padding: kernel / 2)
            x = scope.enter { activation.layer(conv.channelsLast(x)) }
            c = out
        }
        let y = scope.enter { () -> Tensor in
            let (frames, height, width) = (x.shape[0], x.shape[1], x.shape[2])
            switch self.output {
            case .tokens: return x.reshaped([frames, height * width, c])
            case .vector: return x.mean(axes: [1, 2])
            }
        }
        return input.framed(y, as: output.type).checkedPort(output)
    }
}

extension PortValue {
    /// This value, after checking that its port is `port`.
    func checkedPort(_ port: Port) -> PortValue { .checked(tensor, port: port, batch: batch) }
}
