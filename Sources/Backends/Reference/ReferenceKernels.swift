import Compiler

/// The reference kernels: one plain loop per op, written for obviousness, not speed. Each
/// takes operand tensors and the result type the graph inferred, and returns the result.
enum ReferenceKernels<Scalar: ReferenceScalar> {
    typealias Tensor = ReferenceTensor<Scalar>
    typealias Storage = ReferenceTensor<Scalar>.Storage
}

/// A value a kernel cannot compute with (an index out of range, ...).
struct KernelFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Maps flat indices of an output shape to flat indices of operands that broadcast to it
/// (numpy rules): the offset is the sum over axes of coordinate times the operand's stride,
/// with stride 0 on broadcast axes.
struct BroadcastIndexer {
    let dims: [Int]
    let strides: [Int]
    let operandStrides: [[Int]]

    init(output: Shape, operands: [Shape]) {
        dims = output.dims
        strides = output.strides
        operandStrides = operands.map { $0.broadcastStrides(to: output) }
    }

    /// The flat index into operand `operand` of output element `flat`.
    func offset(_ operand: Int, _ flat: Int) -> Int {
        let own = operandStrides[operand]
        var offset = 0
        for axis in 0..<dims.count where own[axis] != 0 {
            offset += (flat / strides[axis]) % dims[axis] * own[axis]
        }
        return offset
    }
}

extension Shape {
    /// Coordinate on `axis` of the element at flat index `flat` (given `strides`).
    @inline(__always)
    func coordinate(_ flat: Int, axis: Int, strides: [Int]) -> Int {
        (flat / strides[axis]) % dims[axis]
    }
}

extension ReferenceTensor.Storage {
    /// A storage of `count` values of the same element type: value `i` is this storage's
    /// value at `source(i)`, or zero where `source` returns nil.
    func picking<Failure: Error>(count: Int, _ source: (Int) throws(Failure) -> Int?) throws(Failure) -> Self {
        switch self {
        case .real(let values):
            var result = [Scalar](repeating: 0, count: count)
            for i in 0..<count { if let j = try source(i) { result[i] = values[j] } }
            return .real(result)
        case .integer(let values):
            var result = [Int32](repeating: 0, count: count)
            for i in 0..<count { if let j = try source(i) { result[i] = values[j] } }
            return .integer(result)
        }
    }

    /// The f32 values; a type error in the program if the storage holds i32.
    var realValues: [Scalar] {
        guard case .real(let values) = self else { preconditionFailure("reference kernel: expected f32 values") }
        return values
    }

    /// The i32 values; a type error in the program if the storage holds f32.
    var integerValues: [Int32] {
        guard case .integer(let values) = self else { preconditionFailure("reference kernel: expected i32 values") }
        return values
    }
}
