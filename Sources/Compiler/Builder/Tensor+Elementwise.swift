// Elementwise ops on `Tensor`: arithmetic operators, unary math, comparisons, select.
// Binary operands broadcast numpy-style; a Double operand becomes a scalar constant of the
// tensor's dtype.

extension Tensor {
    func unary(_ function: UnaryFunction) -> Tensor { builder.apply(.unary(function), [self]) }

    /// A scalar constant of this tensor's dtype.
    func scalar(_ value: Double) -> Tensor { builder.constant(value, dtype: dtype) }

    public func exp() -> Tensor { unary(.exp) }
    public func log() -> Tensor { unary(.log) }
    public func sqrt() -> Tensor { unary(.sqrt) }
    public func rsqrt() -> Tensor { unary(.rsqrt) }
    public func tanh() -> Tensor { unary(.tanh) }
    public func erf() -> Tensor { unary(.erf) }
    public func sigmoid() -> Tensor { unary(.sigmoid) }
    public func abs() -> Tensor { unary(.abs) }
    public func sin() -> Tensor { unary(.sin) }
    public func cos() -> Tensor { unary(.cos) }
    /// `x^exponent` for a constant exponent.
    public func pow(_ exponent: Double) -> Tensor { unary(.pow(exponent)) }
    /// `x^2`.
    public func squared() -> Tensor { unary(.pow(2)) }

    /// Elementwise comparison with `other`, as an f32 mask (1 true, 0 false).
    public func compared(_ comparison: Comparison, _ other: Tensor) -> Tensor {
        builder.apply(.compare(comparison), [self, other])
    }

    /// Elementwise comparison with a constant.
    public func compared(_ comparison: Comparison, _ value: Double) -> Tensor {
        compared(comparison, scalar(value))
    }

    /// Converts to `dtype` (f32 -> i32 truncates toward zero).
    public func cast(to dtype: DType) -> Tensor { builder.apply(.cast(dtype), [self]) }

    /// Identity whose gradient is zero.
    public func stopGradient() -> Tensor { builder.apply(.stopGradient, [self]) }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.builder.apply(.binary(.add), [a, b]) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.builder.apply(.binary(.sub), [a, b]) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.builder.apply(.binary(.mul), [a, b]) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.builder.apply(.binary(.div), [a, b]) }
    public static prefix func - (a: Tensor) -> Tensor { a.unary(.neg) }

    public static func + (a: Tensor, b: Double) -> Tensor { a + a.scalar(b) }
    public static func - (a: Tensor, b: Double) -> Tensor { a - a.scalar(b) }
    public static func * (a: Tensor, b: Double) -> Tensor { a * a.scalar(b) }
    public static func / (a: Tensor, b: Double) -> Tensor { a / a.scalar(b) }
    public static func + (a: Double, b: Tensor) -> Tensor { b.scalar(a) + b }
    public static func - (a: Double, b: Tensor) -> Tensor { b.scalar(a) - b }
    public static func * (a: Double, b: Tensor) -> Tensor { b.scalar(a) * b }
    public static func / (a: Double, b: Tensor) -> Tensor { b.scalar(a) / b }
}

/// Elementwise maximum.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { a.builder.apply(.binary(.max), [a, b]) }
/// Elementwise maximum with a constant.
public func maximum(_ a: Tensor, _ b: Double) -> Tensor { maximum(a, a.scalar(b)) }
/// Elementwise minimum.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { a.builder.apply(.binary(.min), [a, b]) }
/// Elementwise minimum with a constant.
public func minimum(_ a: Tensor, _ b: Double) -> Tensor { minimum(a, a.scalar(b)) }

/// `a` where `mask` is non-zero, else `b` (all three broadcast).
public func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    mask.builder.apply(.select, [mask, a, b])
}
