import Compiler

extension ReferenceKernels {
    /// A constant's values.
    static func constant(_ constant: Constant) -> Tensor {
        switch constant {
        case .fill(let value, let type):
            let count = type.shape.elementCount
            switch type.dtype {
            case .f32: return Tensor(shape: type.shape, storage: .real([Scalar](repeating: Scalar(value), count: count)))
            case .i32: return Tensor(shape: type.shape, storage: .integer([Int32](repeating: Int32(value), count: count)))
            }
        case .tensor(let host):
            return Tensor(host)
        }
    }

    /// Counter-based random numbers: element `i` of stream `counter` (0 without a counter
    /// operand) under `seed`, computed in Double and rounded to `Scalar`.
    static func random(_ distribution: RandomDistribution, seed: UInt64, shape: Shape, counter: Tensor?) -> Tensor {
        let stream = counter.map { UInt64(bitPattern: Int64($0.storage.integerValues[0])) } ?? 0
        let generator = CounterRandom(seed: seed, stream: stream)
        let values = (0..<shape.elementCount).map { Scalar(generator.sample(distribution, UInt64($0))) }
        return Tensor(shape: shape, storage: .real(values))
    }
}
