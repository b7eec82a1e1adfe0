import Foundation
import Testing

/// `polspec build` as a user runs it: the table, the emitted graphs, and its exit codes.
@Suite struct BuildCLITests {
    @Test func tablePerComponentMatchesTheEstimate() throws {
        let run = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "mlp-bc-state: forward graph, batch 1 (specs/mlp-bc-state.yaml)")
        #expect(lines.contains { $0.hasPrefix("trunk ") && $0.contains("encoder mlp") && $0.contains("76,032") && $0.contains("151,040") })
        #expect(lines.contains { $0.hasPrefix("head ") && $0.contains("66,820") && $0.contains("133,120") })
        #expect(lines.contains { $0.hasPrefix("total ") && $0.contains("142,852") && $0.contains("284,160") })
        #expect(lines.contains("estimate (polspec check): parameters and FLOPs match"))
        #expect(lines.contains { $0.hasPrefix("trunk ") && $0.contains("  6      2  ") })  // 6 nodes, 2 fused kernels (GEMM+bias+GELU each)
        // Arena per component: the rows (weights, and the buffers each fills first) sum to the planned arena.
        #expect(lines[1].hasSuffix("fused    arena"))
        #expect(lines.contains { $0.hasPrefix("total ") && $0.hasSuffix("  560 KiB") })
        #expect(lines.contains("arena: 560 KiB planned (568 KiB with every value in its own buffer)"))
        #expect(lines.contains("kernels: 14 one per node -> 4 after fusion"))
        #expect(lines.contains { $0.hasPrefix("arena: ") && $0.contains("planned (") })
    }

    @Test func batchScalesFlopsAndOverridesApply() throws {
        let run = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml", "--batch", "4", "--set", "head.hidden=[128]")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("batch 4"))
        // head: (256·128 + 128) + (128·4 + 4) parameters, 2·4·(256·128 + 128·4) FLOPs.
        #expect(run.stdout.contains("33,412") && run.stdout.contains("266,240"))
        #expect(run.stdout.contains("parameters and FLOPs match"))
        // Four rows per product: the four weights get transposed copies (weight layout planning).
        #expect(run.stdout.contains("kernels: 14 one per node -> 4 after fusion (+ 4 invariant, run when the weights are set)"))
        #expect(run.stdout.contains("invariant results ("))
    }

    @Test func emitsGraphsAndPrograms() throws {
        let ir = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml", "--emit", "ir")
        #expect(ir.status == 0 && ir.stdout.contains("encoders.trunk.0.weight") && ir.stdout.contains("action"))
        let program = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml", "--emit", "program")
        #expect(program.status == 0 && program.stdout.contains("output action <- ") && program.stdout.contains("fused.gemm"))
        let dot = try PolspecProcess.run("build", "tools/perf/specs/ddim10.yaml", "--emit", "dot")
        #expect(dot.status == 0 && dot.stdout.hasPrefix("digraph"))
    }

    @Test func lossAndTrainingGraphs() throws {
        let loss = try PolspecProcess.run("build", "specs/mlp-bc-state.yaml", "--graph", "loss")
        #expect(loss.status == 0, "\(loss.stderr)")
        #expect(loss.stdout.hasPrefix("mlp-bc-state: loss graph of stage 'imitation', batch 256"))
        #expect(loss.stdout.contains("objective bc"))
        let train = try PolspecProcess.run("build", "tools/perf/specs/transformer-encoder.yaml", "--graph", "train", "--stage", "train", "--batch", "2")
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("training graph (loss and gradients) of stage 'train', batch 2"))
        let diffusion = try PolspecProcess.run("build", "tools/perf/specs/ddim10.yaml", "--graph", "train", "--batch", "4")
        #expect(diffusion.status == 0, "\(diffusion.stderr)")
        #expect(diffusion.stdout.contains("objective diffusion"))
    }

    /// Dita's head builds in every conditioning, with estimates that match the lowered graph.
    @Test(arguments: ["in_context", "cross_attention", "adaln"])
    func ditBuilds(_ conditioning: String) throws {
        let run = try PolspecProcess.run("build", "specs/dita.yaml", "--set", "head.conditioning=\(conditioning)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("head         head dit"))
        #expect(run.stdout.contains("estimate (polspec check): parameters and FLOPs match"))
    }

    /// A flow block makes the mlp head a velocity field trained by flow matching.
    @Test func flowMatchingBuildsAndTrains() throws {
        let spec = PolspecProcess.temporary("flow.yaml")
        defer { try? FileManager.default.removeItem(at: spec) }
        try Data("""
            polspec: 1
            name: flow
            observation: {state: {kind: vector, dim: 5}}
            action: {dim: 2, chunk: 4}
            head: {kind: mlp, condition: [state], hidden: [16], flow: {integrator: midpoint, steps: 4, time_sampling: beta}}
            recipe: {stages: [{name: s, objective: flow_matching, steps: 10}]}
            """.utf8).write(to: spec)
        let run = try PolspecProcess.run("build", spec.path, "--graph", "train", "--batch", "4")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("objective flow_matching"))
    }

    @Test(arguments: [["build"], ["build", "no/such.yaml"], ["build", "specs/mlp-bc-state.yaml", "--batch", "0"],
                      ["build", "specs/mlp-bc-state.yaml", "--stage", "imitation"],
                      ["build", "specs/mlp-bc-state.yaml", "--graph", "loss", "--stage", "nope"],
                      ["build", "specs/mlp-bc-state.yaml", "--emit", "svg"], ["build", "specs/mlp-bc-state.yaml", "--set", "nodot"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let run = try PolspecProcess.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func specErrorsExitOne() throws {
        let run = try PolspecProcess.run("build", "Tests/Fixtures/specs/e0101-misspelt-head-key.yaml")
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E0101]"))
    }
}
