/// A tensor's values in host memory, row-major: what a constant holds and what a backend
/// takes in and gives back.
public struct HostTensor: Hashable, Sendable, CustomStringConvertible {
    /// The values, in the element type they are stored in.
    public enum Storage: Hashable, Sendable {
        case f32([Float])
        case i32([Int32])
    }

    public let shape: Shape
    public let storage: Storage

    /// Creates a tensor; nil when the number of values does not match the shape.
    public init?(shape: Shape, storage: Storage) {
        let count: Int
        switch storage {
        case .f32(let values): count = values.count
        case .i32(let values): count = values.count
        }
        guard count == shape.elementCount else { return nil }
        self.shape = shape
        self.storage = storage
    }

    /// An f32 tensor. Requires `values.count == shape.elementCount`.
    public init(shape: Shape, floats values: [Float]) {
        precondition(values.count == shape.elementCount, "HostTensor: \(values.count) values for shape \(shape)")
        self.shape = shape
        self.storage = .f32(values)
    }

    /// An i32 tensor. Requires `values.count == shape.elementCount`.
    public init(shape: Shape, ints values: [Int32]) {
        precondition(values.count == shape.elementCount, "HostTensor: \(values.count) values for shape \(shape)")
        self.shape = shape
        self.storage = .i32(values)
    }

    /// A tensor of `type` holding zeros.
    public init(zeros type: TensorType) {
        shape = type.shape
        let count = type.shape.elementCount
        storage = type.dtype == .f32 ? .f32([Float](repeating: 0, count: count)) : .i32([Int32](repeating: 0, count: count))
    }

    public var dtype: DType {
        switch storage {
        case .f32: return .f32
        case .i32: return .i32
        }
    }

    public var type: TensorType { TensorType(shape, dtype) }

    /// The values as f32 (i32 values converted).
    public var floats: [Float] {
        switch storage {
        case .f32(let values): return values
        case .i32(let values): return values.map(Float.init)
        }
    }

    /// The values as Double (for reference computations).
    public var doubles: [Double] {
        switch storage {
        case .f32(let values): return values.map(Double.init)
        case .i32(let values): return values.map(Double.init)
        }
    }

    /// `f32[2,3]` followed by at most the first eight values.
    public var description: String {
        let shown = doubles.prefix(8).map { "\($0)" }.joined(separator: ", ")
        let more = shape.elementCount > 8 ? ", ..." : ""
        return "\(type) {\(shown)\(more)}"
    }
}
