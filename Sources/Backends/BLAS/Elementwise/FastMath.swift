import Foundation

/// Vectorised elementary functions on eight floats, accurate to about 1e-6 relative (tests
/// compare them with the C library over wide ranges).
typealias Vector = SIMD8<Float>

enum FastMath {
    /// `e^x`: x = n ln 2 + r with |r| <= ln2/2, a degree-6 polynomial for e^r (Cephes
    /// `expf`), scaled by 2^n through the exponent bits. Below -87.3 the result is 0, above
    /// 88.7 it is +inf, NaN stays NaN.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        var result = expOfClamped(clamp(x, -87.3, 88.7))
        result.replace(with: 0, where: x .< -87.3)
        result.replace(with: .infinity, where: x .> 88.7)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// `e^x` for x in [-87.3, 88.7] (no range or NaN fix-ups: callers clamp). Every
    /// multiply-add is one FMA (`addingProduct`), which halves the dependency chain the core
    /// waits on. (Rounding and the integer conversion use the 1.5·2²³ trick: Swift's generic
    /// SIMD `rounded` and conversions run lane by lane.)
    @inline(__always)
    static func expOfClamped(_ x: Vector) -> Vector {
        let shifted = Vector(repeating: 12_582_912).addingProduct(x, Vector(repeating: 1.442_695_04))
        let n = shifted - 12_582_912
        let r = x.addingProduct(n, Vector(repeating: -0.693_359_375)).addingProduct(n, Vector(repeating: 2.121_944_4e-4))
        var p = Vector(repeating: 1.398_199_950_7e-3).addingProduct(r, Vector(repeating: 1.987_569_15e-4))
        p = Vector(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
        p = Vector(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
        p = Vector(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
        p = Vector(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
        let e = (r + 1).addingProduct(p, r * r)
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return e * unsafeBitCast(exponent, to: Vector.self)
    }

    /// `x` limited to `[low, high]` (NaN stays NaN).
    @inline(__always)
    static func clamp(_ x: Vector, _ low: Float, _ high: Float) -> Vector {
        var y = x
        y.replace(with: low, where: x .< low)
        y.replace(with: high, where: y .> high)
        return y
    }

    /// `1/sqrt x`: the bit-level initial guess refined by three Newton steps (float accuracy;
    /// Swift's SIMD `squareRoot` runs lane by lane). 0 gives +inf.
    @inline(__always)
    static func rsqrt(_ x: Vector) -> Vector {
        var y = unsafeBitCast(0x5F37_59DF &- (unsafeBitCast(x, to: SIMD8<Int32>.self) &>> 1), to: Vector.self)
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y.replace(with: .infinity, where: x .== 0)
        y.replace(with: .nan, where: x .< 0)
        return y
    }

    /// `sqrt x` as `x · rsqrt x` (0 stays 0, +inf stays +inf).
    @inline(__always)
    static func sqrt(_ x: Vector) -> Vector {
        var y = x * rsqrt(x)
        y.replace(with: 0, where: x .== 0)
        y.replace(with: x, where: x .== .infinity)
        return y
    }

    /// Elementwise maximum (a select: the generic SIMD `pointwiseMax` runs lane by lane).
    @inline(__always)
    static func maximum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: b .> a)
    }

    /// Elementwise minimum.
    @inline(__always)
    static func minimum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: b .< a)
    }

    /// `tanh x`: an odd Taylor polynomial below |x| = 0.4, else `1 - 2 / (e^{2|x|} + 1)`
    /// with the sign restored.
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        let a = magnitude(x)
        let x2 = x * x
        var p = Vector(repeating: -1382.0 / 155925.0).addingProduct(x2, Vector(repeating: 21844.0 / 6081075.0))
        p = Vector(repeating: 62.0 / 2835.0).addingProduct(p, x2)
        p = Vector(repeating: -17.0 / 315.0).addingProduct(p, x2)
        p = Vector(repeating: 2.0 / 15.0).addingProduct(p, x2)
        p = Vector(repeating: -1.0 / 3.0).addingProduct(p, x2)
        let small = x.addingProduct(x * x2, p)
        let e = expOfClamped(minimum(2 * a, Vector(repeating: 40)))
        var large = 1 - 2 / (e + 1)
        large.replace(with: -large, where: x .< 0)
        var result = large
        result.replace(with: small, where: a .< 0.4)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// `erf x`: the Maclaurin series (in x²) below |x| = 1, Abramowitz–Stegun 7.1.26 above
    /// (absolute error 1.5e-7 where |erf| > 0.84).
    @inline(__always)
    static func erf(_ x: Vector) -> Vector {
        let a = magnitude(x)
        let x2 = x * x
        // 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)), n = 0...10.
        var p = Vector(repeating: 1.0 / (3_628_800.0 * 21.0))
        p = Vector(repeating: -1.0 / (362_880.0 * 19.0)).addingProduct(p, x2)
        p = Vector(repeating: 1.0 / (40320.0 * 17.0)).addingProduct(p, x2)
        p = Vector(repeating: -1.0 / (5040.0 * 15.0)).addingProduct(p, x2)
        p = Vector(repeating: 1.0 / (720.0 * 13.0)).addingProduct(p, x2)
        p = Vector(repeating: -1.0 / (120.0 * 11.0)).addingProduct(p, x2)
        p = Vector(repeating: 1.0 / (24.0 * 9.0)).addingProduct(p, x2)
        p = Vector(repeating: -1.0 / (6.0 * 7.0)).addingProduct(p, x2)
        p = Vector(repeating: 1.0 / (2.0 * 5.0)).addingProduct(p, x2)
        p = Vector(repeating: -1.0 / 3.0).addingProduct(p, x2)
        p = Vector(repeating: 1).addingProduct(p, x2)
        let small = x * p * 1.128_379_167_095_512_6
        let t = 1 / (1 + 0.327_591_1 * a)
        var q = Vector(repeating: 1.061_405_429)
        q = Vector(repeating: -1.453_152_027).addingProduct(q, t)
        q = Vector(repeating: 1.421_413_741).addingProduct(q, t)
        q = Vector(repeating: -0.284_496_736).addingProduct(q, t)
        q = Vector(repeating: 0.254_829_592).addingProduct(q, t)
        var large = 1 - q * t * expOfClamped(maximum(-x2, Vector(repeating: -87.3)))
        large.replace(with: -large, where: x .< 0)
        var result = large
        result.replace(with: small, where: a .< 1)
        return result
    }

    /// `|x|` (clears the sign bits).
    @inline(__always)
    static func magnitude(_ x: Vector) -> Vector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vector.self)
    }

    /// `1 / (1 + e^-x)`.
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector {
        var y = 1 / (1 + expOfClamped(clamp(-x, -87.3, 88.7)))
        y.replace(with: x, where: x .!= x)
        return y
    }

    /// GELU, exact or with the tanh approximation. The tanh form uses
    /// `0.5 (1 + tanh u) = sigmoid(2u)`: one exponential and one division, no cancellation
    /// (the exponent is clamped: far left the result is -0, far right x; NaN stays NaN).
    @inline(__always)
    static func gelu(_ x: Vector, tanhApproximation: Bool) -> Vector {
        if tanhApproximation {
            let minusTwiceInner = -1.595_769_121_605_731 * x.addingProduct(x * (x * x), Vector(repeating: 0.044_715))
            return x / (1 + expOfClamped(clamp(minusTwiceInner, -87.3, 88.7)))
        }
        return 0.5 * x * (1 + erf(x * 0.707_106_781_186_547_5))
    }

    /// Applies a scalar C-library function lane by lane (log, sin, cos, non-integer powers:
    /// rare in policies, exact here).
    @inline(__always)
    static func lanes(_ x: Vector, _ function: (Float) -> Float) -> Vector {
        var result = Vector()
        for lane in 0..<8 { result[lane] = function(x[lane]) }
        return result
    }

    /// `x^n` for an integer `n` by repeated multiplication (`x^-n = 1 / x^n`).
    @inline(__always)
    static func power(_ x: Vector, _ exponent: Int) -> Vector {
        var result = Vector(repeating: 1)
        var base = x
        var n = Swift.abs(exponent)
        while n > 0 {
            if n & 1 == 1 { result *= base }
            base *= base
            n >>= 1
        }
        return exponent < 0 ? 1 / result : result
    }
}
