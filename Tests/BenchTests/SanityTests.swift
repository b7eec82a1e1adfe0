import Bench
import Foundation
import Testing

/// The honesty criterion of `polspec bench sanity` and the constant baseline.
@Suite struct SanityTests {
    @Test func theCriterionAllowsTheRealFigurePlusTenPoints() {
        let report = SanityReport(suite: "metaworld-like", tasks: "t", taskNames: ["drawer-close", "push", "reach"], episodesPerTask: 50,
                                  conditions: .standard, demos: 10, trainingSteps: 100,
                                  expert: ["drawer-close": 1, "push": 0.94, "reach": 1],
                                  baselines: [.constant: ["drawer-close": 1, "push": 0.12, "reach": 0.3],
                                              .blind: ["drawer-close": 0.6, "push": 0.02, "reach": 0.32],
                                              .random: ["drawer-close": 0.2]])
        let problems = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.task, $0.problems) })
        // Real constant 100%: allowed for constant and blind (which can play drawer-close's constant
        // everywhere); random has no real figure.
        #expect(problems["drawer-close"] == ["random 20.0% > 10%"])
        #expect(problems["push"] == ["expert 94.0% < 95%", "constant 12.0% > 10%"])
        #expect(problems["reach"] == ["blind 32.0% > 30%"])  // real 20%: up to 30% allowed
        #expect(!report.honest)
        #expect(report.rows[0].real == ["constant": 1, "instruction": 1, "blind": 1])
        // libero-like: the blind motion measured in real LIBERO on the cookie-box task (30%) allows
        // the blind baseline up to 40% there, and nothing else; elsewhere the bar is 10%.
        let cookie = "pick_up_the_black_bowl_on_the_cookie_box_and_place_it_on_the_plate"
        let other = "pick_up_the_black_bowl_next_to_the_cookie_box_and_place_it_on_the_plate"
        let libero = SanityReport(suite: "libero-like", tasks: "t", taskNames: [cookie, other], episodesPerTask: 50, conditions: .standard,
                                  demos: 10, trainingSteps: 100, expert: [cookie: 1, other: 1],
                                  baselines: [.blind: [cookie: 0.38, other: 0.2], .instruction: [cookie: 0.2], .constant: [cookie: 0.12]])
        #expect(libero.rows[0].problems == ["constant 12.0% > 10%", "instruction 20.0% > 10%"] && libero.rows[0].real == ["blind": 0.3])
        #expect(libero.rows[1].problems == ["blind 20.0% > 10%"] && libero.rows[1].real.isEmpty)
        #expect(libero.realCorrelation.isEmpty)
        #expect(abs(report.realCorrelation["constant"]! - 1) < 0.001)  // (1, 1), (0.12, 0), (0.3, 0.2) lie almost on a line
        #expect(report.text().contains("NOT honest: 3 of 3 tasks"))
    }

    @Test func theConstantPolicyPlaysEachTasksMeanAction() throws {
        let suite = MetaWorldSuite()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-constant-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try DemoGenerator.generate(suite: suite, selection: try suite.select("reach,push"), perTask: 2, seed: 0, directory: dir,
                                       polspecVersion: "t")
        let data = try DemoDataset(directory: dir)
        let policy = ConstantPolicy(dataset: data)
        let reach = data.episodes(of: "reach"), steps = reach.reduce(0) { $0 + $1.length }
        let mean = (0..<4).map { k in reach.reduce(0.0) { sum, e in sum + (0..<e.length).reduce(0.0) { $0 + Double(e.actions[$1 * 4 + k]) } } / Double(steps) }
        for k in 0..<4 { #expect(abs(Double(policy.actions["reach"]![k]) - mean[k]) < 1e-5) }
        policy.reset(slot: 3, episode: EpisodeContext(task: "push", taskIndex: 1, goalIndex: 0, seed: 0, instruction: ""))
        var batch = ObservationBatch(fields: [], rows: 1)
        batch.slots = [3]
        #expect(try policy.act(batch).values == policy.actions["push"]!)
    }
}
