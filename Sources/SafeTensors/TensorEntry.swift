/// One tensor's header entry: its element type, shape and byte range in the data section.
public struct TensorEntry: Sendable, Equatable {
    public var dtype: DType
    public var shape: [Int]
    /// Byte range relative to the start of the data section.
    public var range: Range<Int>

    /// Number of elements (1 for a scalar of shape []).
    public var elementCount: Int { shape.reduce(1, *) }
}
