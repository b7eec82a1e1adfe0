import Foundation
import Testing
@testable import SpecLang

/// What a resumed run may change: later stages and the steps of the stage in progress, not the
/// architecture, the seed or what already ran.
@Suite struct ResumeCheckTests {
    static let twoStages = """
        polspec: 1
        name: two
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4, chunk: 1}
        head: {kind: mlp, condition: [state]}
        recipe:
          stages:
            - {name: first, objective: bc, steps: 10, batch: 8}
            - {name: second, objective: bc, steps: 20, batch: 8}
        """

    func blockers(_ overrides: [String], stage: Int, step: Int = 3) throws -> [String] {
        let trained = try #require(check(Self.twoStages).spec)
        let spec = try #require(check(Self.twoStages, options: CheckOptions(overrides: overrides)).spec)
        return ResumeCheck.describe(ResumeCheck.blockers(trained: trained, spec: spec, stage: stage, step: step))
    }

    @Test func namesAndLaterStagesMayChange() throws {
        #expect(try blockers(["name=renamed", "description=x", "recipe.stages.second.batch=4"], stage: 0).isEmpty)
        #expect(try blockers(["recipe.stages.second.name=last"], stage: 1).isEmpty, "renaming a stage is cosmetic")
        #expect(try blockers(["recipe.stages.second=null"], stage: 0).isEmpty, "a stage not started may go")
        #expect(try blockers(["recipe.stages.second.batch=4"], stage: 1, step: 0).isEmpty, "no step of it has run")
    }

    @Test func theStageInProgressMayChangeItsStepsOnly() throws {
        #expect(try blockers(["recipe.stages.second.steps=40"], stage: 1).isEmpty)
        #expect(try blockers(["recipe.stages.second.batch=4"], stage: 1) == ["recipe.stages.second.batch: 8 → 4 (the stage in progress)"])
    }

    @Test func finishedStagesTheSeedAndTheArchitectureMayNot() throws {
        #expect(try blockers(["recipe.stages.first.steps=11"], stage: 1) == ["recipe.stages.first.steps: 10 → 11 (a finished stage)"])
        #expect(try blockers(["recipe.seed=2"], stage: 0) == ["recipe.seed: 0 → 2 (the recipe's seed)"])
        #expect(try blockers(["head.hidden=[64]"], stage: 0) == ["head.hidden: [256] → [64] (the architecture)"])
        #expect(try blockers(["action.chunk=2"], stage: 0) == ["action.chunk: 1 → 2 (the deployment interface)"])
    }

    @Test func aFinishedRunMayGetANewStage() throws {
        let trained = try #require(check(Self.twoStages).spec)
        let extended = try #require(check(Self.twoStages.replacingOccurrences(
            of: "    - {name: second, objective: bc, steps: 20, batch: 8}",
            with: "    - {name: second, objective: bc, steps: 20, batch: 8}\n    - {name: third, objective: bc, steps: 5}")).spec)
        #expect(ResumeCheck.blockers(trained: trained, spec: extended, stage: 2, step: 0).isEmpty)
    }

    @Test func theOrderOfTheStagesRunSoFarMayNotChange() throws {
        let trained = try #require(check(Self.twoStages).spec)
        let swapped = try #require(check(Self.twoStages.replacingOccurrences(of: """
                - {name: first, objective: bc, steps: 10, batch: 8}
                - {name: second, objective: bc, steps: 20, batch: 8}
            """, with: """
                - {name: second, objective: bc, steps: 20, batch: 8}
                - {name: first, objective: bc, steps: 10, batch: 8}
            """)).spec)
        let reasons = ResumeCheck.blockers(trained: trained, spec: swapped, stage: 1, step: 2).map(\.reason)
        #expect(reasons.contains("the order of the stages run so far"), "\(reasons)")
    }
}
