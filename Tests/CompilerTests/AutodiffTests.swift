import Compiler
import Testing

/// The structure of differentiated graphs (their values are checked in BackendsTests).
@Suite struct AutodiffTests {
    @Test func gradientsAreAppendedAsOutputs() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 3])
        let fc = Linear(b.root.child("fc"), inFeatures: 3, outFeatures: 2)
        b.output("loss", fc(x).squared().mean())
        let forward = try b.finish()
        let graph = try forward.appendingGradients(of: "loss", withRespectTo: ["fc.weight", "fc.bias", "x"])
        #expect(graph.outputs.map(\.name) == ["loss", "grad.fc.weight", "grad.fc.bias", "grad.x"])
        #expect(graph[graph.output(named: "grad.fc.weight")!].type == TensorType([2, 3]))
        #expect(graph[graph.output(named: "grad.fc.bias")!].type == TensorType([2]))
        #expect(graph[graph.output(named: "grad.x")!].type == TensorType([4, 3]))
        #expect(Array(graph.nodes.prefix(forward.nodes.count)) == forward.nodes)
    }

    @Test func gradientNodesKeepTheLayerScope() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 3])
        let fc = Linear(b.root.child("head.fc"), inFeatures: 3, outFeatures: 2)
        b.output("loss", fc(x).sum())
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: ["head.fc.weight"])
        let gradient = graph[graph.output(named: "grad.head.fc.weight")!]
        #expect(gradient.op.kind == .contraction)
        #expect(gradient.scope == "head.fc")
    }

    @Test func unknownNamesAreErrors() throws {
        let b = GraphBuilder()
        b.output("loss", b.input("x", [2]).sum())
        let graph = try b.finish()
        #expect(throws: GraphError.self) { try graph.appendingGradients(of: "energy", withRespectTo: ["x"]) }
        do {
            _ = try graph.appendingGradients(of: "loss", withRespectTo: ["x", "w"])
            Issue.record("an unknown variable was accepted")
        } catch {
            #expect(error.issues.map(\.message) == ["no parameter or input named \"w\" to differentiate with respect to"])
        }
    }

    @Test func independentVariablesGetZeroConstants() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2])
        let y = b.input("y", [3])
        let indices = b.input("i", [2], dtype: .i32)
        let loss = (x.stopGradient() * 2).sum() + gather(y, indices).sum()
        let gradients = b.gradients(of: loss, withRespectTo: [x, y])
        #expect(gradients[0].shape == [2])
        if case .constant(.fill(0, _)) = b.nodes[gradients[0].id.index].op {} else {
            Issue.record("expected a zero constant, got \(b.nodes[gradients[0].id.index].op)")
        }
        #expect(b.nodes[gradients[1].id.index].op == .scatterAdd(axis: 0, size: 3))
    }
}
