import Compiler
import Testing

/// The builder records every problem with its node, op and layer scope, without cascades;
/// the verifier rejects hand-made graphs that break the invariants.
@Suite struct GraphBuilderTests {
    @Test func buildsAVerifiedGraph() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3])
        let w = b.root.child("fc").parameter("weight", [4, 3], .zeros)
        b.output("y", x.matmul(w, transposeB: true).sum(axes: [-1]))
        let graph = try b.finish()
        #expect(graph.nodes.count == 4)
        #expect(graph.inputs.map(\.name) == ["x"])
        #expect(graph.parameters.map(\.name) == ["fc.weight"])
        #expect(graph.output(named: "y").map { graph[$0].type } == TensorType([2]))
        #expect(graph[ValueID(1)].scope == "fc")
    }

    @Test func reportsEveryIssueOnceWithItsScope() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3])
        let bad = b.root.child("head.fc").enter { x.matmul(b.input("w", [4, 4])) }
        _ = bad.exp().sum()  // depends on the failed node: no second report
        _ = x + b.input("z", [5])
        #expect(throws: GraphError.self) { try b.finish() }
        do {
            _ = try b.finish()
        } catch {
            #expect(error.issues.count == 2)
            #expect(error.issues.map(\.description) == [
                "%2 matmul in head.fc: matmul inner extents differ: [2,3] has K=3, [4,4] has K=4",
                "%6 add: add operands do not broadcast: [2,3] vs [5]",
            ])
        }
    }

    @Test func rejectsDuplicateNamesAndBadConstants() {
        let b = GraphBuilder()
        _ = b.root.parameter("w", [2], .zeros)
        _ = b.root.parameter("w", [2], .ones)
        _ = b.input("x", [2])
        _ = b.input("x", [3])
        _ = b.constant(1.5, dtype: .i32)
        b.output("y", b.constant(0))
        b.output("y", b.constant(1))
        #expect(throws: GraphError.self) { try b.finish() }
        #expect(b.issues.map(\.message) == [
            "parameter \"w\" is declared twice",
            "input \"x\" was declared as f32[2], now asked for as f32[3]",
            "i32 constant 1.5 is not an integer in the i32 range",
            "output \"y\" is declared twice",
        ])
    }

    @Test func verifierRejectsBrokenGraphs() {
        let x = Node(op: .input(name: "x", type: TensorType([2])), inputs: [], type: TensorType([2]))
        let forward = Node(op: .unary(.exp), inputs: [ValueID(2)], type: TensorType([2]))
        let wrongType = Node(op: .unary(.exp), inputs: [ValueID(0)], type: TensorType([3]))
        let parameter = Node(op: .parameter(name: "p", type: TensorType([2])), inputs: [], type: TensorType([2]))
        let table = Node(op: .input(name: "t", type: TensorType([4, 2])), inputs: [], type: TensorType([4, 2]))
        let rows = Node(op: .constant(.tensor(HostTensor(shape: [2], ints: [1, 4]))), inputs: [], type: TensorType([2], .i32))
        let gathered = Node(op: .gather(axis: 0), inputs: [ValueID(4), ValueID(5)], type: TensorType([2, 2]))
        do {
            _ = try Graph(nodes: [x, forward, wrongType, parameter, table, rows, gathered],
                          outputs: [GraphOutput(name: "y", value: ValueID(9))], initializers: ["q": .zeros])
            Issue.record("the verifier accepted a broken graph")
        } catch {
            #expect(error.issues.map(\.description) == [
                "%1 exp: operand %2 is not defined before this node",
                "%2 exp: recorded type f32[3] differs from inferred f32[2]",
                "%3 parameter: parameter \"p\" has no initialiser",
                "%6 gather: constant index 4 is outside 0..<4",
                "initialiser for unknown parameter \"q\"",
                "output \"y\" names undefined value %9",
            ])
        }
    }

    @Test func constantScatterIndicesAreChecked() {
        let b = GraphBuilder()
        let source = b.input("s", [2, 3])
        _ = scatterAdd(source, b.constant(HostTensor(shape: [2], ints: [0, 5])), axis: 0, size: 5)
        do {
            _ = try b.finish()
            Issue.record("an out-of-range constant index was accepted")
        } catch {
            #expect(error.issues.map(\.description) == ["%2 scatter_add: constant index 5 is outside 0..<5"])
        }
    }

    @Test func useCountsAndSingleConsumers() throws {
        let b = GraphBuilder()
        let x = b.input("x", [3])
        let e = x.exp()
        let y = e * e
        let z = y.sum()
        b.output("z", z)
        b.output("y", y)
        let graph = try b.finish()
        #expect(graph.useCounts[x.id.index] == 1)
        #expect(graph.useCounts[e.id.index] == 2)
        #expect(graph.users[e.id.index] == [y.id, y.id])
        #expect(graph.hasSingleConsumer(x.id))
        #expect(!graph.hasSingleConsumer(e.id))
        #expect(!graph.hasSingleConsumer(y.id))  // also an output
    }
}

/// Host tensors made from untrusted values check their element count.
@Suite struct HostTensorTests {
    @Test func validatingInitializer() {
        #expect(HostTensor(shape: [2, 2], storage: .f32([1, 2, 3])) == nil)
        #expect(HostTensor(shape: [], storage: .i32([7]))?.type == TensorType([], .i32))
        #expect(HostTensor(shape: [3], floats: [1, 2, 3]).description == "f32[3] {1.0, 2.0, 3.0}")
    }
}
