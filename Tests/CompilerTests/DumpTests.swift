import Compiler
import Testing

/// The textual IR (`--emit ir`), the unplanned program text and DOT output.
@Suite struct DumpTests {
    func smallGraph() throws -> Graph {
        let b = GraphBuilder()
        let x = b.input("state", [2, 3])
        let fc = Linear(b.root.child("trunk.fc1"), inFeatures: 3, outFeatures: 4, bias: false)
        b.output("action", gelu(fc(x), approximation: .tanh).sum(axes: [-1], keepDims: true))
        return try b.finish()
    }

    @Test func textListsOneNodePerLine() throws {
        #expect(try smallGraph().text == """
            %0 = input "state" : f32[2,3]
            %1 = parameter "trunk.fc1.weight" : f32[4,3]  init kaiming_uniform(fan_in=3, a=2.23606797749979)  @trunk.fc1
            %2 = matmul %0, %1 transposeB : f32[2,4]  @trunk.fc1
            %3 = gelu_tanh %2 : f32[2,4]
            %4 = sum %3 axes=[1] keepdims : f32[2,1]
            output action = %4 : f32[2,1]

            """)
    }

    @Test func programBindsSourcesAndCallsTheRest() throws {
        let program = Program(unplanned: try smallGraph())
        #expect(program.inputs.map(\.name) == ["state"])
        #expect(program.parameters.map(\.name) == ["trunk.fc1.weight"])
        #expect(program.calls.map(\.kernel.name) == ["matmul", "gelu_tanh", "sum"])
        #expect(program.slotBytes == (6 + 12 + 8 + 8 + 2) * 4)
        #expect(program.text.contains("$2 = matmul $0, $1 transposeB : f32[2,4]  @trunk.fc1"))
    }

    @Test func dotHasClustersEdgesAndOutputs() throws {
        let dot = try smallGraph().dot
        #expect(dot.hasPrefix("digraph polspec {"))
        #expect(dot.contains("subgraph cluster_1 {"))
        #expect(dot.contains("label=\"trunk.fc1\""))
        #expect(dot.contains("n0 -> n2;"))
        #expect(dot.contains("n1 -> n2;"))
        #expect(dot.contains("n4 -> out0;"))
        #expect(dot.contains("label=\"%1 parameter \\\"trunk.fc1.weight\\\"\\nf32[4,3]\""))
    }
}
