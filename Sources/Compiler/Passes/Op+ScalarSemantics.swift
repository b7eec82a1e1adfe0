// The scalar meaning of the elementwise comparisons and binary functions, shared by constant
// folding, the reference kernels and the BLAS backend's scalar steps.

extension Comparison {
    /// Whether `x` compares to `y` this way.
    public func holds<T: Comparable>(_ x: T, _ y: T) -> Bool {
        switch self {
        case .eq: return x == y
        case .ne: return x != y
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        }
    }
}

extension BinaryFunction {
    /// `x op y` for floating-point values; `max` and `min` propagate NaN.
    public func apply<T: FloatingPoint>(_ x: T, _ y: T) -> T {
        switch self {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return x / y
        case .max: return x.isNaN || y.isNaN ? .nan : (x >= y ? x : y)
        case .min: return x.isNaN || y.isNaN ? .nan : (x <= y ? x : y)
        }
    }

    /// `x op y` for i32 values with wrapping arithmetic (the IR has no i32 division; it gives
    /// 0 here).
    public func apply(_ x: Int32, _ y: Int32) -> Int32 {
        switch self {
        case .add: return x &+ y
        case .sub: return x &- y
        case .mul: return x &* y
        case .div: return y == 0 ? 0 : x / y
        case .max: return Swift.max(x, y)
        case .min: return Swift.min(x, y)
        }
    }
}
