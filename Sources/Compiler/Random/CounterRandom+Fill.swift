import Foundation

extension CounterRandom {
    /// Lanes of ``fill(_:_:into:)``'s vectorised Philox.
    static let fillLanes = 16

    /// Writes element `i` of `distribution` (rounded to f32) to `output[i - range.lowerBound]`
    /// for every `i` in `range`: exactly ``sample(_:_:)``'s values, computed 16 elements at a
    /// time (Philox on a vector of consecutive counters).
    public func fill(_ distribution: RandomDistribution, _ range: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        var i = range.lowerBound
        while i + Self.fillLanes <= range.upperBound {
            let w = words16(UInt64(i))
            let u01 = Self.units(w.0, w.1)
            switch distribution {
            case .uniform(let low, let high):
                let values = SIMD16<Double>(repeating: low) + SIMD16<Double>(repeating: high - low) * u01
                for lane in 0..<Self.fillLanes { output[i - range.lowerBound + lane] = Float(values[lane]) }
            case .normal(let mean, let std):
                let u23 = Self.units(w.2, w.3)
                for lane in 0..<Self.fillLanes {
                    let radius = (-2 * Foundation.log(1 - u01[lane])).squareRoot()
                    output[i - range.lowerBound + lane] = Float(mean + std * (radius * Foundation.cos(2 * Double.pi * u23[lane])))
                }
            }
            i += Self.fillLanes
        }
        for j in i..<range.upperBound { output[j - range.lowerBound] = Float(sample(distribution, UInt64(j))) }
    }

    /// The four Philox words of elements `first ..< first + 16`, word by word.
    private func words16(_ first: UInt64) -> (SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>) {
        let lanes = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) &+ first
        var x0 = SIMD16<UInt32>(truncatingIfNeeded: lanes)
        var x1 = SIMD16<UInt32>(truncatingIfNeeded: lanes &>> 32)
        var x2 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream))
        var x3 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream >> 32))
        var k0 = UInt32(truncatingIfNeeded: seed)
        var k1 = UInt32(truncatingIfNeeded: seed >> 32)
        for round in 0..<10 {
            if round > 0 {
                k0 &+= Philox4x32.weyl0
                k1 &+= Philox4x32.weyl1
            }
            let product0 = SIMD16<UInt64>(truncatingIfNeeded: x0) &* UInt64(Philox4x32.multiplier0)
            let product1 = SIMD16<UInt64>(truncatingIfNeeded: x2) &* UInt64(Philox4x32.multiplier1)
            let y0 = SIMD16<UInt32>(truncatingIfNeeded: product1 &>> 32) ^ x1 ^ k0
            let y2 = SIMD16<UInt32>(truncatingIfNeeded: product0 &>> 32) ^ x3 ^ k1
            x1 = SIMD16<UInt32>(truncatingIfNeeded: product1)
            x3 = SIMD16<UInt32>(truncatingIfNeeded: product0)
            x0 = y0
            x2 = y2
        }
        return (x0, x1, x2, x3)
    }

    /// `((high << 32 | low) >> 11) · 2^-53` per lane (``uniform(_:)``'s unit).
    private static func units(_ high: SIMD16<UInt32>, _ low: SIMD16<UInt32>) -> SIMD16<Double> {
        let bits = (SIMD16<UInt64>(truncatingIfNeeded: high) &<< 32 | SIMD16<UInt64>(truncatingIfNeeded: low)) &>> 11
        return SIMD16<Double>(bits) * 0x1p-53
    }
}
