import Compiler
import Testing

/// Shape inference of every op family, and the errors for operands that do not fit.
@Suite struct ShapeInferenceTests {
    func type(_ op: Op, _ operands: [TensorType]) throws -> TensorType { try op.inferType(operands) }

    func message(_ op: Op, _ operands: [TensorType]) -> String? {
        do {
            _ = try op.inferType(operands)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func elementwiseBroadcasts() throws {
        #expect(try type(.binary(.add), [TensorType([2, 1, 5]), TensorType([3, 1])]) == TensorType([2, 3, 5]))
        #expect(try type(.compare(.lt), [TensorType([4]), TensorType([])]) == TensorType([4]))
        #expect(try type(.select, [TensorType([3, 1]), TensorType([4]), TensorType([1, 4])]) == TensorType([3, 4]))
        #expect(try type(.binary(.max), [TensorType([2], .i32), TensorType([2], .i32)]) == TensorType([2], .i32))
        #expect(message(.binary(.add), [TensorType([2, 3]), TensorType([4, 3, 2])])
                == "add operands do not broadcast: [2,3] vs [4,3,2]")
        #expect(message(.binary(.div), [TensorType([2], .i32), TensorType([2], .i32)]) == "div needs f32 operands, got i32[2] and i32[2]")
        #expect(message(.binary(.mul), [TensorType([2]), TensorType([2], .i32)]) == "mul operands differ in dtype: f32[2] and i32[2]")
        #expect(message(.unary(.exp), [TensorType([2], .i32)]) == "exp needs an f32 operand, got i32[2]")
    }

    @Test func reductions() throws {
        #expect(try type(.reduce(.sum, axes: [0, 2], keepDims: false), [TensorType([2, 3, 4])]) == TensorType([3]))
        #expect(try type(.reduce(.max, axes: [1], keepDims: true), [TensorType([2, 3, 4])]) == TensorType([2, 1, 4]))
        #expect(try type(.reduce(.mean, axes: [0, 1], keepDims: false), [TensorType([2, 3])]) == TensorType([]))
        #expect(message(.reduce(.sum, axes: [3], keepDims: false), [TensorType([2, 3])])
                == "reduction axes [3] must be distinct, sorted and within 0..<2")
    }

    @Test func matmul() throws {
        let op = Op.matmul(transposeA: false, transposeB: true)
        #expect(try type(op, [TensorType([8, 16, 32]), TensorType([64, 32])]) == TensorType([8, 16, 64]))
        #expect(try type(.matmul(transposeA: true, transposeB: false), [TensorType([2, 1, 5, 3]), TensorType([4, 5, 7])])
                == TensorType([2, 4, 3, 7]))
        #expect(message(op, [TensorType([8, 16, 32]), TensorType([64, 31])])
                == "matmul inner extents differ: [8,16,32] has K=32, [64,31]ᵀ has K=31")
        #expect(message(op, [TensorType([3]), TensorType([3, 3])]) == "matmul needs operands of rank >= 2, got [3] and [3,3]")
        #expect(message(.matmul(transposeA: false, transposeB: false), [TensorType([2, 3, 4]), TensorType([3, 4, 5])])
                == "matmul batch axes do not broadcast: [2,3,4] vs [3,4,5]")
    }

    @Test func movement() throws {
        let x = TensorType([2, 3, 4])
        #expect(try type(.reshape([6, 4]), [x]) == TensorType([6, 4]))
        #expect(try type(.permute([2, 0, 1]), [x]) == TensorType([4, 2, 3]))
        #expect(try type(.broadcast([5, 2, 3, 4]), [x]) == TensorType([5, 2, 3, 4]))
        #expect(try type(.slice(start: [0, 1, 1], end: [2, 3, 2]), [x]) == TensorType([2, 2, 1]))
        #expect(try type(.pad(before: [1, 0, 0], after: [0, 2, 0]), [x]) == TensorType([3, 5, 4]))
        #expect(try type(.concat(axis: 1), [x, TensorType([2, 5, 4])]) == TensorType([2, 8, 4]))
        #expect(message(.reshape([5, 5]), [x]) == "cannot reshape [2,3,4] (24 elements) to [5,5] (25 elements)")
        #expect(message(.permute([0, 0, 1]), [x]) == "[0, 0, 1] is not a permutation of the 3 axes of [2,3,4]")
        #expect(message(.broadcast([2, 5, 4]), [x]) == "cannot broadcast [2,3,4] to [2,5,4]")
        #expect(message(.slice(start: [0, 2, 0], end: [2, 4, 4]), [x]) == "slice 2..<4 is outside axis 1 of [2,3,4]")
        #expect(message(.concat(axis: 1), [x, TensorType([3, 5, 4])]) == "concat operands differ off axis 1: [2,3,4] vs [3,5,4]")
    }

    @Test func indexing() throws {
        let table = TensorType([10, 4])
        #expect(try type(.gather(axis: 0), [table, TensorType([2, 3], .i32)]) == TensorType([2, 3, 4]))
        #expect(try type(.scatterAdd(axis: 0, size: 10), [TensorType([2, 3, 4]), TensorType([2, 3], .i32)]) == table)
        #expect(message(.gather(axis: 0), [table, TensorType([2])]) == "gather's indices must be i32, got f32[2]")
    }

    @Test func sourcesNeedNonNegativeExtents() throws {
        #expect(message(.input(name: "x", type: TensorType([2, -1])), []) == "input has a negative extent in [2,-1]")
        #expect(message(.random(.uniform(low: 0, high: 1), seed: 0, shape: [-3]), []) == "random has a negative extent in [-3]")
        #expect(try type(.input(name: "x", type: TensorType([0, 3])), []) == TensorType([0, 3]))
    }

    @Test func composites() throws {
        let q = TensorType([2, 4, 5, 8])
        let k = TensorType([2, 4, 7, 8])
        let v = TensorType([2, 4, 7, 6])
        #expect(try type(.composite(.attention(scale: 1, causal: false)), [q, k, v]) == TensorType([2, 4, 5, 6]))
        #expect(try type(.composite(.attention(scale: 1, causal: false)), [q, k, v, TensorType([2, 1, 1, 7])]) == TensorType([2, 4, 5, 6]))
        #expect(message(.composite(.attention(scale: 1, causal: false)), [q, k, v, TensorType([5, 5])])
                == "attention mask [5,5] does not broadcast to [2,4,5,7]")
        #expect(message(.composite(.attention(scale: 1, causal: false)), [q, TensorType([2, 4, 7, 6]), v])
                == "attention q [2,4,5,8] and k [2,4,7,6] differ in feature extent")
        #expect(try type(.composite(.softmax), [TensorType([3, 4]), TensorType([4])]) == TensorType([3, 4]))
        #expect(message(.composite(.layerNorm(epsilon: 1e-5)), [TensorType([])])
                == "layer_norm normalises the last axis and needs rank >= 1, got []")
    }
}
