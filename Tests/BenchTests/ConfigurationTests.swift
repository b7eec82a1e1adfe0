@testable import Bench
import Foundation
import Testing

/// Training and evaluation configurations are disjoint by construction; demos that overlap evaluation
/// only when forced, and then reports count seen and unseen episodes apart (docs/bench.md, "Configurations").
@Suite struct ConfigurationTests {
    func temporary() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("polspec-configurations-\(UUID())") }

    @Test func metaworldStreamsDrawDifferentScenes() {
        for task in MetaWorldTasks.all {
            let evaluation = (0..<60).map { MetaWorldSuite.scene(task, split: "train", configuration: .evaluation($0)) }
            let training = (0..<60).map { MetaWorldSuite.scene(task, split: "train", configuration: .training($0)) }
            func key(_ s: MetaWorldScene) -> [Double] {
                [s.goal.x, s.goal.y, s.goal.z] + s.world.bodies.flatMap { [$0.position.x, $0.position.y] } + s.world.fixtures.map(\.q)
                    + s.world.fixtures.flatMap { [$0.parts[0].center.x, $0.parts[0].center.y] }
            }
            let seen = Set(evaluation.map(key))
            #expect(training.allSatisfy { !seen.contains(key($0)) }, "\(task.name)")
            // Past the fixed 50, evaluation draws new configurations.
            #expect(Set(evaluation[50...].map(key)).isDisjoint(with: Set(evaluation[..<50].map(key))), "\(task.name)")
        }
    }

    @Test func calvinPlayChainsAreNeverEvaluationChains() {
        /// Whether `chain` begins like one of CALVIN's evaluation chains from the same start state.
        func beginsAnEvaluationChain(_ chain: CalvinPlay.Drawn) -> Bool {
            let state = CalvinChains.startStates.firstIndex(of: chain.start)!
            return CalvinChains.evaluationSequences(fromState: state).contains { $0.starts(with: chain.tasks) }
        }
        var rng = SimRandom(seed: 5)
        // (A sample: checking a chain draws CALVIN's chains of its start state, which takes a while in debug builds.)
        for task in ["open_drawer", "lift_red_block_drawer", "stack_block", "turn_on_led"] {
            let drawn = CalvinPlay.chain(endingWith: task, &rng)!
            #expect(drawn.tasks.last == task && CalvinChains.isValid(drawn.tasks, from: drawn.start))
            #expect(!beginsAnEvaluationChain(drawn))
        }
        // Extra evaluation chains (past CALVIN's 1000) are valid and new too.
        for k in 1000..<1003 {
            let chain = CalvinPlay.evaluationChain(k)
            #expect(chain.tasks.count == 5 && CalvinChains.isValid(chain.tasks, from: chain.start) && !beginsAnEvaluationChain(chain))
        }
    }

    @Test func demosComeFromTrainingConfigurationsUnlessForced() throws {
        let suite = MetaWorldSuite()
        let selection = try suite.select("reach")
        let training = temporary(), overlap = temporary()
        defer { try? FileManager.default.removeItem(at: training); try? FileManager.default.removeItem(at: overlap) }
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 3, seed: 0, directory: training, polspecVersion: "t")
        #expect(try DemoDataset(directory: training).episodes.allSatisfy { $0.configuration.stream == .training })
        #expect(try SeenConfigurations(demos: training, suite: suite) == nil)
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 3, seed: 0, configurations: .evaluation,
                                       directory: overlap, polspecVersion: "t")
        let seen = try #require(try SeenConfigurations(demos: overlap, suite: suite))
        #expect(seen.byTask == ["reach": [0, 1, 2]])
        // A run told what it saw reports seen and unseen success apart.
        let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: 6, seed: 0, policy: "expert", seen: seen)
        let report = try BenchRun.run(suite: suite, plan: plan, policy: ExpertPolicy(suite: suite), polspecVersion: "t")
        #expect(report.episodes.map(\.seen) == [true, true, true, false, false, false])
        #expect(report.seenSplit?.map(\.name) == ["seen", "unseen"] && report.seenSplit?.map(\.episodes) == [3, 3])
        #expect(ReportTables.text(report).contains("seen 100.0% (3/3"))
        let decoded = try JSONDecoder().decode(BenchReport.self, from: Data(try report.json().utf8))
        #expect(decoded.seenSplit == report.seenSplit)
    }

    @Test func calvinDemosOfEvaluationChainsMarkThoseChainsSeen() throws {
        let suite = CalvinSuite()
        // The k-th occurrence of a task in the evaluation chains is a segment of that chain.
        let (chain, _) = try #require(CalvinSuite.occurrence(of: "open_drawer", 2))
        #expect(suite.evaluationConfiguration(ofDemo: "open_drawer", .evaluation(2))! == ("lh-mtlc", chain))
        #expect(suite.evaluationConfiguration(ofDemo: "open_drawer", .training(2)) == nil)
    }
}
