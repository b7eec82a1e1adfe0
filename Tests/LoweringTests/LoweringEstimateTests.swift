import Foundation
import SpecLang
import Testing
@testable import Compiler
@testable import Lowering

/// Every lowered spec has exactly the parameters and FLOPs that `polspec check` estimates,
/// per component; the paper kinds that are not lowered yet are refused, naming the gap.
@Suite struct LoweringEstimateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every spec under specs/ (perf workloads included) and the golden fixtures.
    static let specFiles: [String] = {
        var files: [String] = []
        for folder in ["specs", "tools/perf/specs", "Tests/Fixtures/golden/lowering"] {
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files += names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
        }
        return files
    }()

    static func spec(_ relative: String, overrides: [String] = []) throws -> Spec {
        let result = SpecChecker.check(file: root.appendingPathComponent(relative).path, options: CheckOptions(overrides: overrides))
        return try #require(result.spec, "\(relative) does not check")
    }

    @Test func specsAreFound() {
        #expect(Self.specFiles.contains("specs/mlp-bc-state.yaml"))
        #expect(Self.specFiles.contains("tools/perf/specs/transformer-encoder.yaml"))
        #expect(Self.specFiles.count >= 17)
    }

    @Test(arguments: specFiles)
    func parametersAndFlopsEqualTheEstimate(_ file: String) throws {
        let spec = try Self.spec(file)
        for batch in [1, 3] {
            let policy = try PolicyGraph(spec, batch: batch)
            let statistics = GraphStatistics(policy.graph, components: policy.components)
            for estimate in spec.estimate.components {
                let row = try #require(statistics.rows.first { $0.name == estimate.name })
                #expect(row.parameters == estimate.cost.parameters, "\(file) \(estimate.name) parameters")
                #expect(row.flops == estimate.cost.flops * batch, "\(file) \(estimate.name) FLOPs at batch \(batch)")
            }
            #expect(policy.graph.parameterCount == spec.estimate.total.parameters, "\(file)")
            #expect(statistics.total.flops == spec.estimate.total.flops * batch, "\(file)")
            #expect(!statistics.rows.contains { $0.name == "other" })
        }
    }

    @Test func referenceWorkloadsHaveTheReferenceSize() throws {
        let transformer = try PolicyGraph(try Self.spec("tools/perf/specs/transformer-encoder.yaml"), batch: 1)
        let encoder = GraphStatistics(transformer.graph, components: transformer.components).rows.first { $0.name == "encoder" }
        #expect(encoder?.parameters == 4 * (12 * 256 * 256 + 13 * 256) + 2 * 256)   // 3.16 M
        #expect(encoder?.flops == 419_430_400)                                       // 419 MFLOP
        let ddim = try PolicyGraph(try Self.spec("tools/perf/specs/ddim10.yaml"), batch: 1)
        #expect(ddim.graph.parameterCount == 837_232)                                 // 0.84 M
        #expect(GraphStatistics(ddim.graph, components: ddim.components).total.flops == 16_711_680)   // 16.7 MFLOP
    }

    /// The arena column: every component owns at least its weights (and their copies), and the
    /// rows sum to the planned arena up to alignment gaps.
    @Test(arguments: ["tools/perf/specs/transformer-encoder.yaml", "specs/mlp-bc-state.yaml", "tools/perf/specs/ddim10.yaml"])
    func arenaIsSharedOutAmongTheComponents(_ file: String) throws {
        for batch in [1, 4] {
            let policy = try PolicyGraph(try Self.spec(file), batch: batch)
            let program = try compile(policy.graph).program
            let statistics = GraphStatistics(policy.graph, components: policy.components, program: program)
            #expect(statistics.total.arenaBytes <= program.arenaBytes)
            #expect(statistics.total.arenaBytes >= program.arenaBytes - 64 * program.slots.count, "\(file) batch \(batch)")
            for row in statistics.rows where row.parameters > 0 {
                #expect(row.arenaBytes >= row.parameters * 4, "\(file) \(row.name)")
            }
        }
    }
}
