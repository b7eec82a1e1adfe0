import Foundation

/// The scalar types the reference backend computes in: `Double` for gradient checks,
/// `Float` to compare with fast backends. Supplies the elementary functions by name.
public protocol ReferenceScalar: BinaryFloatingPoint, Sendable {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Double: ReferenceScalar {
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

extension Float: ReferenceScalar {
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func log(_ x: Float) -> Float { Foundation.logf(x) }
    public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
    public static func erf(_ x: Float) -> Float { Foundation.erff(x) }
    public static func sin(_ x: Float) -> Float { Foundation.sinf(x) }
    public static func cos(_ x: Float) -> Float { Foundation.cosf(x) }
    public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
}
