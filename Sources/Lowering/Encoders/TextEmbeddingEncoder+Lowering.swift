import Compiler
import SpecLang

/// `text_embedding`: `token_embedding` (`nn.Embedding(vocab, dim)`) of every token id plus
/// `position_embedding` (`nn.Embedding(max_tokens, dim)`, its rows added in order). Both are
/// initialised as PyTorch's `nn.Embedding`, N(0, 1).
extension TextEmbeddingEncoder: SingleInputEncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue {
        guard case let .text(tokens, vocab) = input.port.type else {
            scope.builder.report("text_embedding needs a text port, got \(input.port)")
            return input
        }
        let token = Embedding(scope.child("token_embedding"), count: vocab, dim: dim)
        let position = Embedding(scope.child("position_embedding"), count: tokens, dim: dim)
        let y = scope.enter { token(input.tensor) + position.weight }
        return .checked(y, port: output, batch: input.batch)
    }
}
