/// Element type of a tensor: `f32` for values, `i32` for indices (gather rows, token ids,
/// random-stream counters).
public enum DType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case f32
    case i32

    public var description: String { rawValue }

    /// Bytes per element.
    public var byteSize: Int { 4 }
}

/// Shape and element type of one SSA value.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    public var shape: Shape
    public var dtype: DType

    public init(_ shape: Shape, _ dtype: DType = .f32) {
        self.shape = shape
        self.dtype = dtype
    }

    /// `f32[2,3]`.
    public var description: String { "\(dtype)\(shape)" }
}
