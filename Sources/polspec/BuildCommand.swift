import ArgumentParser
import Compiler
import Lowering
import Foundation
import SpecLang

/// `polspec build`: lower a spec to its graph and print what it costs, per component.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Lower a spec to a tensor graph; print parameters, FLOPs, memory and kernels per component.",
        discussion: """
            Checks SPEC, lowers it to the graph IR and prints, per component and in total: \
            parameters, FLOPs of one call (the whole batch), activation bytes, kernel calls and \
            the arena size. The graph is compiled as `infer`, `train` and `perf` run it (graph passes, \
            fusion, memory planning); "kernels" counts one kernel per node, "fused" the \
            compiled program's kernel calls. --emit prints the lowered graph (ir, dot) or the \
            compiled program (program) instead.
            --graph forward (default) is the policy: observations in, action chunk out (a \
            denoising head's sampling loop unrolled). --graph loss is a recipe stage's objective \
            (--stage, default: the first stage that trains the head) and --graph train adds the \
            gradients of the parameters the stage trains.
            Exit status: 0 ok, 1 spec errors, 2 usage errors, 3 when the graph cannot be built \
            (a batch too large for the spec).

            Examples:
              polspec build specs/mlp-bc-state.yaml
              polspec build tools/perf/specs/transformer-encoder.yaml --batch 32
              polspec build specs/mlp-bc-state.yaml --graph train --emit dot > train.dot
            """
    )

    @Argument(help: "The spec file.")
    var spec: String

    @Option(help: "Batch size the graph is built for (default: 1; for loss and train graphs the stage's batch).")
    var batch: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value, e.g. head.depth=8 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: "Which graph: forward, loss or train.")
    var graph: GraphChoice = .forward

    @Option(help: "The recipe stage of a loss or train graph (default: the first that trains the head).")
    var stage: String?

    @Option(help: "Print the graph instead of the table: ir, program or dot.")
    var emit: Emission?

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch)") }
        if stage != nil && graph == .forward { throw ValidationError("--stage needs --graph loss or --graph train") }
    }

    func run() throws {
        let checked = try CheckedSpec(path: spec, overrides: overrides)
        let stages = checked.spec.recipe.stages.map(\.name)
        if let stage, !stages.contains(stage) {
            throw UsageError("--stage: no stage '\(stage)' in \(spec); stages: \(stages.joined(separator: ", "))")
        }
        let lowered: LoweredForBuild
        do {
            lowered = try LoweredForBuild(checked.spec, graph: graph, stage: stage, batch: batch)
        } catch {
            if case .batchTooLarge = error.reason { throw UsageError("--batch: " + error.description.replacingOccurrences(of: "error: ", with: "")) }
            throw error
        }
        if emit == .ir || emit == .dot {
            print(emit == .ir ? lowered.graph.text : lowered.graph.dot, terminator: "")
            return
        }
        let compilation: Compilation
        do {
            compilation = try compile(lowered.graph)
        } catch {
            throw LoweringError(.graph(error))
        }
        if emit == .program {
            print(compilation.program.text, terminator: "")
        } else {
            print(BuildTable(lowered, compilation: compilation, spec: checked.spec, path: spec).text, terminator: "")
        }
    }
}

/// `--graph` values.
enum GraphChoice: String, ExpressibleByArgument, CaseIterable {
    case forward, loss, train
}

/// `--emit` values.
enum Emission: String, ExpressibleByArgument, CaseIterable {
    case ir, program, dot
}

/// The graph `build` reports on, with its components and batch.
struct LoweredForBuild {
    let graph: Graph
    let components: [PolicyComponent]
    let batch: Int
    let choice: GraphChoice
    /// The stage of a loss or train graph.
    let stage: String?

    init(_ spec: Spec, graph choice: GraphChoice, stage: String?, batch: Int?) throws(LoweringError) {
        self.choice = choice
        switch choice {
        case .forward:
            let policy = try PolicyGraph(spec, batch: batch ?? 1)
            (graph, components, self.batch, self.stage) = (policy.graph, policy.components, policy.batch, nil)
        case .loss, .train:
            let index = try stage.map { name throws(LoweringError) in try LossGraph.stage(named: name, in: spec) }
                ?? LossGraph.headStage(of: spec)
            let loss = try LossGraph(spec, stage: index, batch: batch ?? spec.recipe.stages[index].batch)
            graph = choice == .train ? try loss.trainingGraph() : loss.graph
            (components, self.batch, self.stage) = (loss.components, loss.batch, loss.stage.name)
        }
    }
}
