import Compiler
import SpecLang

extension SpecLang.Activation {
    /// The compiler's activation for a spec's `activation:` value.
    var layer: Compiler.Activation {
        switch self {
        case .gelu: return .gelu
        case .geluTanh: return .geluTanh
        case .relu: return .relu
        case .silu: return .silu
        }
    }
}
