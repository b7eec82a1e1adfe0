import Backends
import Compiler
import Lowering
import SpecLang
import Testing

/// The specs under tools/perf/specs/ are the reference workloads `polspec perf` builds with the layer
/// builder (as tools/perf/reference_workloads.py builds them): same parameters and FLOPs, the
/// spec's closing head aside.
@Suite struct PerfSpecEquivalenceTests {
    static func spec(_ name: String) throws -> Spec {
        try #require(SpecChecker.check(file: PolspecProcess.root.appendingPathComponent("tools/perf/specs/\(name).yaml").path).spec)
    }

    static func totals(_ graph: Graph) -> GraphStatistics.Row { GraphStatistics(graph, components: []).total }

    @Test(arguments: [(1, ReferenceWorkload.inferB1), (32, .inferB32)])
    func transformerEncoderSpecIsTheInferenceWorkload(_ batch: Int, _ workload: ReferenceWorkload) throws {
        let policy = try PolicyGraph(try Self.spec("transformer-encoder"), batch: batch)
        let statistics = GraphStatistics(policy.graph, components: policy.components)
        let encoder = try #require(statistics.rows.first { $0.name == "encoder" })
        let reference = Self.totals(try workload.instance().graph)
        #expect(encoder.parameters == reference.parameters)
        #expect(encoder.flops == reference.flops)
    }

    @Test func ddimSpecIsTheSamplingWorkload() throws {
        let policy = try PolicyGraph(try Self.spec("ddim10"), batch: 1)
        let reference = Self.totals(try ReferenceWorkload.ddim10B1.instance().graph)
        let ours = Self.totals(policy.graph)
        #expect(ours.parameters == reference.parameters)
        #expect(ours.flops == reference.flops)
    }
}
