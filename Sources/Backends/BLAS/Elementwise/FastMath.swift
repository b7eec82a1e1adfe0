import Foundation

/// Vectorised elementary functions on eight floats, accurate to about 1e-6 relative (tests
/// compare them with the C library over wide ranges).
typealias Vector = SIMD8<Float>

enum FastMath {
    /// `e^x`: x = n ln 2 + r with |r| <= ln2/2, a degree-6 polynomial for e^r (Cephes
    /// `expf`), scaled by 2^n through the exponent bits. Below -87.3 the result is 0, above
    /// 88.7 it is +inf. (Rounding and the integer conversion use the 1.5·2²³ trick: Swift's
    /// generic SIMD `rounded` and conversions run lane by lane.)
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        var clamped = x
        clamped.replace(with: -87.3, where: x .< -87.3)
        clamped.replace(with: 88.7, where: x .> 88.7)
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let e = p * r * r + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        var result = e * unsafeBitCast(exponent, to: Vector.self)
        result.replace(with: 0, where: x .< -87.3)
        result.replace(with: .infinity, where: x .> 88.7)
        result.replace(with: x, where: x .!= x)
        return result
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
        var p = Vector(repeating: 21844.0 / 6081075.0)
        p = p * x2 - 1382.0 / 155925.0
        p = p * x2 + 62.0 / 2835.0
        p = p * x2 - 17.0 / 315.0
        p = p * x2 + 2.0 / 15.0
        p = p * x2 - 1.0 / 3.0
        let small = x + x * x2 * p
        let e = exp(minimum(2 * a, Vector(repeating: 40)))
        var large = 1 - 2 / (e + 1)
        large.replace(with: -large, where: x .< 0)
        var result = large
        result.replace(with: small, where: a .< 0.4)
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
        p = p * x2 - 1.0 / (362_880.0 * 19.0)
        p = p * x2 + 1.0 / (40320.0 * 17.0)
        p = p * x2 - 1.0 / (5040.0 * 15.0)
        p = p * x2 + 1.0 / (720.0 * 13.0)
        p = p * x2 - 1.0 / (120.0 * 11.0)
        p = p * x2 + 1.0 / (24.0 * 9.0)
        p = p * x2 - 1.0 / (6.0 * 7.0)
        p = p * x2 + 1.0 / (2.0 * 5.0)
        p = p * x2 - 1.0 / 3.0
        p = p * x2 + 1.0
        let small = x * p * 1.128_379_167_095_512_6
        let t = 1 / (1 + 0.327_591_1 * a)
        var q = Vector(repeating: 1.061_405_429)
        q = q * t - 1.453_152_027
        q = q * t + 1.421_413_741
        q = q * t - 0.284_496_736
        q = q * t + 0.254_829_592
        var large = 1 - q * t * exp(-x2)
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
        1 / (1 + exp(-x))
    }

    /// GELU, exact or with the tanh approximation. The tanh form uses
    /// `0.5 (1 + tanh u) = sigmoid(2u)`: one exponential and one division, no cancellation.
    @inline(__always)
    static func gelu(_ x: Vector, tanhApproximation: Bool) -> Vector {
        if tanhApproximation {
            let twiceInner = 1.595_769_121_605_731 * (x + 0.044_715 * x * x * x)
            return x / (1 + exp(-twiceInner))
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
