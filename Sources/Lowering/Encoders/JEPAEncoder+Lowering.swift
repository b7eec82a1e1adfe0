import Compiler
import SpecLang

/// `jepa` (I-JEPA). Parameters under `encoders.<name>`, named as I-JEPA's checkpoint
/// (`encoder`, `target_encoder`, `predictor`):
/// - `encoder.` and `target_encoder.`: `patch_embed.proj` (Conv2d(C, dim, patch, stride patch)),
///   `blocks.<i>` (pre-LN blocks: `norm1`, `attn.qkv`, `attn.proj`, `norm2`, `mlp.fc1`, `mlp.fc2`;
///   LayerNorm eps 1e-6, exact GELU) and `norm`; the 2D sin-cos positions are constants;
/// - `predictor.`: `predictor_embed` (Linear(dim, predictor_dim)), `mask_token` [1, 1,
///   predictor_dim], `predictor_blocks.<i>`, `predictor_norm`, `predictor_proj`
///   (Linear(predictor_dim, dim)).
///
/// The policy graph reads the `downstream` encoder and declares the predictor (trained by the
/// `jepa` objective); the other encoder exists in the objective's graphs and the checkpoint.
/// Initialisation as I-JEPA: linear and convolution weights trunc-normal(0.02) (`attn.proj` and
/// `mlp.fc2` of block l divided by √(2(l + 1))), biases zero, `mask_token` trunc-normal(0.02);
/// the target encoder starts as a copy of the context encoder.
extension JEPAEncoder: EncoderLowering {
    func lower(_ context: EncoderContext) -> PortValue {
        guard let image = context.inputs["input"]?.first, case let .image(channels, height, width) = image.port.type else {
            context.scope.builder.report("jepa encoder needs an image port")
            return PortValue(port: context.output, tensor: context.scope.builder.constant(0, shape: [1]))
        }
        let scope = context.scope
        let size = ImageSize(channels: channels, height: height, width: width)
        let vit = vision(scope, downstream, image: size)
        _ = predictor(scope, image: size)
        let tokens = vit.encode(image.perFrame, keep: nil)
        let value = scope.enter { output == .tokens ? tokens : tokens.mean(axes: [1]) }
        return image.framed(value, as: context.output.type).checkedPort(context.output)
    }

    /// The image size the encoder reads.
    struct ImageSize {
        let channels: Int
        let height: Int
        let width: Int
    }

    /// The context or target ViT for `image`s, declared under `scope`.
    func vision(_ scope: Scope, _ role: JEPADownstream, image: ImageSize) -> JEPAVisionTransformer {
        JEPAVisionTransformer(self, image: image, scope: scope.child(role.scopeName),
                              copying: role == .target ? scope.child(JEPADownstream.context.scopeName) : nil)
    }

    /// The predictor for `image`s, declared under `scope`.
    func predictor(_ scope: Scope, image: ImageSize) -> JEPAPredictor {
        JEPAPredictor(self, grid: (image.height / patch, image.width / patch), scope: scope.child("predictor"))
    }

    /// I-JEPA's initialiser of the linear or convolution weight at `relative` (a name under a
    /// ViT or the predictor), or nil for norms (ones and zeros) and the other defaults.
    static func initializer(_ relative: String, shape: Shape, blockPrefix: String) -> Initializer? {
        if relative.hasSuffix(".bias") && !relative.contains("norm") { return .zeros }
        guard relative.hasSuffix(".weight"), shape.rank == 2 || shape.rank == 4 else { return nil }
        // timm's trunc_normal_(std 0.02) has absolute bounds ±2; I-JEPA's rescale divides both.
        var scale = 1.0
        let parts = relative.split(separator: ".")
        if parts.count > 2, parts[0] == blockPrefix, let layer = Int(parts[1]),
           relative.hasSuffix("attn.proj.weight") || relative.hasSuffix("mlp.fc2.weight") {
            scale = 1 / (2 * Double(layer + 1)).squareRoot()
        }
        return .truncatedNormal(mean: 0, std: 0.02 * scale, low: -2 * scale, high: 2 * scale)
    }
}

extension JEPADownstream {
    /// The ViT's parameter scope, as I-JEPA's checkpoint names it.
    var scopeName: String { self == .context ? "encoder" : "target_encoder" }
}

/// One ViT of a jepa encoder: patch embedding, fixed 2D sin-cos positions, pre-LN blocks and a
/// final LayerNorm (all eps 1e-6).
struct JEPAVisionTransformer {
    let scope: Scope
    let grid: (height: Int, width: Int)
    private let patchEmbed: Conv2d
    private let blocks: [TransformerBlock]
    private let norm: LayerNorm
    private let positions: Tensor

    init(_ config: JEPAEncoder, image: JEPAEncoder.ImageSize, scope: Scope, copying source: Scope?) {
        self.scope = scope
        let builder = scope.builder
        patchEmbed = Conv2d(scope.child("patch_embed.proj"), inChannels: image.channels, outChannels: config.dim,
                            kernel: config.patch, stride: config.patch)
        let configuration = TransformerBlock.Configuration(dim: config.dim, heads: config.heads, hidden: hiddenWidth(config.dim, ratio: config.mlpRatio),
                                                           normalization: .layer(epsilon: 1e-6))
        blocks = (0..<config.depth).map { TransformerBlock(scope.child("blocks.\($0)"), configuration) }
        norm = LayerNorm(scope.child("norm"), features: config.dim, epsilon: 1e-6)
        grid = (image.height / config.patch, image.width / config.patch)
        positions = scope.enter { [grid] in builder.constant(sinCos2DPositions(height: grid.height, width: grid.width, dim: config.dim)) }
        builder.overrideInitializers { name, shape in
            guard scope.contains(name) else { return nil }
            let relative = String(name.dropFirst(scope.path.count + 1))
            let own = JEPAEncoder.initializer(relative, shape: shape, blockPrefix: "blocks")
            guard let source else { return own }
            return .copy(of: source.qualified(relative), own ?? (relative.hasSuffix("weight") ? .ones : .zeros))
        }
    }

    /// Patch tokens `[n, patches, dim]` of images `[n, C, H, W]`; with `keep` (`[n, patches]`,
    /// 1/0) the tokens attend only to the kept patches (I-JEPA drops the others: the kept
    /// tokens' outputs are the same).
    func encode(_ images: Tensor, keep: Tensor?) -> Tensor {
        let n = images.shape[0]
        var x = scope.enter { () -> Tensor in
            let map = patchEmbed(images)
            return map.reshaped([n, map.shape[1], grid.height * grid.width]).transposed() + positions
        }
        let mask = keep.map { scope.builder.paddingMask(validKeys: $0) }
        for block in blocks { x = block(x, mask: mask) }
        return norm(x)
    }

    /// The names of the ViT's parameters.
    var parameterNames: [String] {
        scope.builder.initializers.keys.filter { scope.contains($0) }.sorted()
    }
}

/// A jepa encoder's predictor: context tokens and one mask token per target patch, each with
/// its position, through narrow blocks; the mask tokens' outputs projected back to `dim`.
struct JEPAPredictor {
    let scope: Scope
    private let embed: Linear
    private let maskToken: Tensor
    private let blocks: [TransformerBlock]
    private let norm: LayerNorm
    private let project: Linear
    private let positions: Tensor
    private let width: Int

    init(_ config: JEPAEncoder, grid: (height: Int, width: Int), scope: Scope) {
        self.scope = scope
        width = config.predictorDim
        embed = Linear(scope.child("predictor_embed"), inFeatures: config.dim, outFeatures: config.predictorDim)
        maskToken = scope.parameter("mask_token", [1, 1, config.predictorDim], .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2))
        let configuration = TransformerBlock.Configuration(dim: config.predictorDim, heads: config.predictorHeads,
                                                           hidden: hiddenWidth(config.predictorDim, ratio: config.mlpRatio),
                                                           normalization: .layer(epsilon: 1e-6))
        blocks = (0..<config.predictorDepth).map { TransformerBlock(scope.child("predictor_blocks.\($0)"), configuration) }
        norm = LayerNorm(scope.child("predictor_norm"), features: config.predictorDim, epsilon: 1e-6)
        project = Linear(scope.child("predictor_proj"), inFeatures: config.predictorDim, outFeatures: config.dim)
        positions = scope.enter {
            scope.builder.constant(sinCos2DPositions(height: grid.height, width: grid.width, dim: config.predictorDim))
        }
        scope.builder.overrideInitializers { name, shape in
            guard scope.contains(name), name != scope.qualified("mask_token") else { return nil }
            return JEPAEncoder.initializer(String(name.dropFirst(scope.path.count + 1)), shape: shape, blockPrefix: "predictor_blocks")
        }
    }

    /// The predictions `[batch, blocks, patches, dim]` for every target block from the context
    /// tokens `tokens` `[batch, patches, dim]` kept by `context` (`[batch, patches]`, 1/0), the
    /// block of target `m` being `targets[:, m]` (`[batch, blocks, patches]`, 1/0). Each block is
    /// predicted on its own, as I-JEPA repeats the context per block; only the rows of its
    /// patches are meaningful.
    func predict(_ tokens: Tensor, context: Tensor, targets: Tensor) -> Tensor {
        let (batch, patches, count) = (tokens.shape[0], tokens.shape[1], targets.shape[1])
        let rows = batch * count
        let (tokensIn, keys): (Tensor, Tensor) = scope.enter { () -> (Tensor, Tensor) in
            let contextTokens = (embed(tokens) + positions).unsqueezed(1).broadcast(to: [batch, count, patches, width])
                .reshaped([rows, patches, width])
            let queries = (maskToken + positions).broadcast(to: [rows, patches, width])
            let contextKeys = context.unsqueezed(1).broadcast(to: [batch, count, patches]).reshaped([rows, patches])
            return (concat([contextTokens, queries], axis: 1), concat([contextKeys, targets.reshaped([rows, patches])], axis: 1))
        }
        let mask = scope.builder.paddingMask(validKeys: keys)
        var x = tokensIn
        for block in blocks { x = block(x, mask: mask) }
        let predicted = project(scope.enter { norm(x).slice(axis: 1, patches..<(2 * patches)) })
        return scope.enter { predicted.reshaped([batch, count, patches, predicted.shape[2]]) }
    }
}
