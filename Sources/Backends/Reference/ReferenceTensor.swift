import Compiler

/// A tensor the reference backend computes with: f32 values held as `Scalar` (so a
/// `ReferenceBackend<Double>` runs the whole graph in double precision), i32 values as Int32.
public struct ReferenceTensor<Scalar: ReferenceScalar>: Hashable, Sendable {
    /// The values, row-major.
    public enum Storage: Hashable, Sendable {
        case real([Scalar])
        case integer([Int32])
    }

    public var shape: Shape
    public var storage: Storage

    /// Requires `storage` to hold `shape.elementCount` values.
    public init(shape: Shape, storage: Storage) {
        self.shape = shape
        self.storage = storage
    }

    /// An f32 tensor.
    public init(shape: Shape, reals: [Scalar]) {
        precondition(reals.count == shape.elementCount, "ReferenceTensor: \(reals.count) values for shape \(shape)")
        self.init(shape: shape, storage: .real(reals))
    }

    /// Converts a host tensor (f32 values widened or kept, i32 kept).
    public init(_ host: HostTensor) {
        switch host.storage {
        case .f32(let values): self.init(shape: host.shape, storage: .real(values.map { Scalar($0) }))
        case .i32(let values): self.init(shape: host.shape, storage: .integer(values))
        }
    }

    public var dtype: DType {
        switch storage {
        case .real: return .f32
        case .integer: return .i32
        }
    }

    public var type: TensorType { TensorType(shape, dtype) }

    /// The f32 values (i32 values converted).
    public var reals: [Scalar] {
        switch storage {
        case .real(let values): return values
        case .integer(let values): return values.map { Scalar($0) }
        }
    }

    /// The values rounded to a host tensor (f32 rounded to Float).
    public var host: HostTensor {
        switch storage {
        case .real(let values): return HostTensor(shape: shape, floats: values.map { Float($0) })
        case .integer(let values): return HostTensor(shape: shape, ints: values)
        }
    }
}
