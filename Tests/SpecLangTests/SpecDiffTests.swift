import Foundation
import Testing
@testable import SpecLang

/// `SpecDiff` on hand-made pairs whose differences, classes and deltas are known.
@Suite struct SpecDiffTests {
    /// tinySpec's head: Linear(9, 256) + Linear(256, 4).
    static let headParameters = 9 * 256 + 256 + 256 * 4 + 4

    func side(_ text: String, _ overrides: [String] = [], label: String = "spec.yaml") throws -> SpecDiff.Side {
        let result = check(text, options: CheckOptions(overrides: overrides))
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        return SpecDiff.Side(label: label, spec: spec, sources: result.sources)
    }

    func diff(_ old: String, _ new: String, oldSet: [String] = [], newSet: [String] = []) throws -> SpecDiff {
        SpecDiff(old: try side(old, oldSet, label: "a.yaml"), new: try side(new, newSet, label: "b.yaml"))
    }

    func summary(_ diff: SpecDiff) -> [String] {
        diff.differences.map { "\($0.compatibility.rawValue) \($0.change.rawValue) \($0.path)" }
    }

    @Test func formattingOrderAndWrittenDefaultsAreNoDifference() throws {
        let rewritten = """
            recipe:
              stages:
                - {steps: 100, objective: {kind: bc}, name: bc, batch: 64}
            head: {condition: [state], kind: mlp, hidden: [256]}
            action: {chunk: 1, dim: 4, range: [-1, 1]}
            observation: {history: 1, state: {dim: 9, kind: vector}}
            name: tiny
            polspec: 1
            """
        let d = try diff(tinySpec, rewritten)
        #expect(d.isSame && d.classes.isEmpty && d.ports.isEmpty && !d.components.contains(where: \.isChanged))
        #expect(SpecDiffReport.render(d, format: .text) == "diff a.yaml → b.yaml: no differences (both hash \(d.new.spec.hash.prefix(12)))\n")
    }

    @Test func aWiderHeadBreaksCheckpointsWithKnownDeltas() throws {
        let d = try diff(tinySpec, tinySpec, newSet: ["head.hidden=[512]"])
        #expect(summary(d) == ["checkpoint changed head.hidden"])
        let change = try #require(d.differences.first)
        #expect(change.old == .list([.int(256)]) && change.new == .list([.int(512)]))
        #expect(change.oldOrigin == nil && change.newOrigin?.file == "--set[1]", "the old value was a default")
        let head = try #require(d.components.first { $0.name == "head" })
        #expect(head.old?.cost.parameters == Self.headParameters)
        #expect(head.new?.cost.parameters == 9 * 512 + 512 + 512 * 4 + 4)
        #expect(head.old?.cost.flops == 2 * (9 * 256 + 256 * 4) && head.new?.cost.flops == 2 * (9 * 512 + 512 * 4))
        #expect(SpecDiffReport.change(head.old?.cost.parameters, head.new?.cost.parameters, Quantity.count) == "3.59k → 7.17k (+3.58k)")
        #expect(d.ports.isEmpty && d.tensors == nil)
        #expect(d.new.spec.hashes.differences(from: d.old.spec.hashes) == ["architecture"])
    }

    @Test func anActivationChangesOnlyTheComputation() throws {
        let d = try diff(tinySpec, tinySpec, newSet: ["head.activation=relu"])
        #expect(summary(d) == ["computation changed head.activation"])
    }

    @Test func aSingleDifferenceIsClassedOnItsOwn() throws {
        // Two head changes at once: the width breaks checkpoints, the activation alone does not.
        let d = try diff(tinySpec, tinySpec, newSet: ["head.hidden=[512]", "head.activation=silu"])
        #expect(summary(d) == ["checkpoint changed head.hidden", "computation changed head.activation"])
        #expect(d.classes == [.checkpoint, .computation])
    }

    @Test func anObservationBreaksTheInterfaceAndItsPort() throws {
        let d = try diff(tinySpec, tinySpec, newSet: ["observation.state.dim=10", "action.execute=1"])
        #expect(summary(d) == ["interface changed observation.state.dim", "interface added action.execute"])
        #expect(d.ports == [PortChange(name: "state", old: Port(.vector(dim: 9), frames: 1), new: Port(.vector(dim: 10), frames: 1))])
        #expect(d.new.spec.hashes.differences(from: d.old.spec.hashes) == ["interface"])
    }

    @Test func recipeAndCosmeticChangesWithAStageRenamedInPlace() throws {
        let d = try diff(tinySpec, tinySpec, newSet: ["name=other", "recipe.stages.bc.name=imitation", "recipe.stages.imitation.steps=50"])
        #expect(summary(d) == ["cosmetic changed name", "cosmetic renamed recipe.stages.imitation.name", "recipe changed recipe.stages.imitation.steps"])
        let stage = try #require(d.stages.first)
        #expect(stage.name == "imitation" && stage.renamedFrom == "bc" && stage.old?.steps == 100 && stage.new?.steps == 50)
        #expect(d.new.spec.hashes.differences(from: d.old.spec.hashes) == ["recipe"])
    }

    static let withEncoder = """
        polspec: 1
        name: tiny
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4, chunk: 1}
        encoders:
          trunk: {kind: mlp, input: state, hidden: [16]}
        head: {kind: mlp, condition: [trunk], hidden: [32]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 100}
        """

    @Test func stagesSayWhatTheyTrainAndFreeze() throws {
        let d = try diff(Self.withEncoder, Self.withEncoder, newSet: ["recipe.stages.bc.train=[head]"])
        #expect(summary(d) == ["recipe added recipe.stages.bc.train"])
        let stage = try #require(d.stages.first)
        let trunk = 9 * 16 + 16, head = 16 * 32 + 32 + 32 * 4 + 4
        #expect(stage.old?.trains == ["trunk", "head"] && stage.old?.freezes == [] && stage.old?.trainedParameters == trunk + head)
        #expect(stage.new?.trains == ["head"] && stage.new?.freezes == ["trunk"])
        #expect(stage.new?.trainedParameters == head && stage.new?.frozenParameters == trunk)
    }

    @Test func aWiderEncoderOutputBreaksTheHeadThatReadsIt() throws {
        let d = try diff(Self.withEncoder, Self.withEncoder, newSet: ["encoders.trunk.hidden=[24]"])
        #expect(summary(d) == ["checkpoint changed encoders.trunk.hidden"])
        #expect(d.ports.map(\.name) == ["trunk"])
        #expect(d.components.filter(\.isChanged).map(\.name) == ["trunk", "head"])
    }

    @Test func anEncoderRenamedWithItsConfigurationIsARename() throws {
        let renamed = Self.withEncoder.replacingOccurrences(of: "trunk:", with: "body:").replacingOccurrences(of: "[trunk]", with: "[body]")
        let d = try diff(Self.withEncoder, renamed)
        #expect(summary(d) == ["checkpoint renamed encoders.body", "computation changed head.condition"])
        #expect(d.differences.first?.renamedFrom == "trunk")
        #expect(d.components.first { $0.name == "body" }?.renamedFrom == "trunk")
    }

    @Test func aChangeInABasePointsIntoTheBase() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let base = "observation:\n  state: {kind: vector, dim: 9}\nhead: {kind: mlp, condition: [state], hidden: [32]}\n"
        let spec = "include: [base.yaml]\npolspec: 1\nname: tiny\naction: {dim: 4}\nrecipe:\n  stages:\n    - {name: bc, objective: bc, steps: 100}\n"
        dir.write("old/base.yaml", base)
        dir.write("new/base.yaml", base.replacingOccurrences(of: "[32]", with: "[64]"))
        let oldFile = dir.write("old/spec.yaml", spec), newFile = dir.write("new/spec.yaml", spec)
        let a = SpecChecker.check(file: oldFile.path), b = SpecChecker.check(file: newFile.path)
        let d = SpecDiff(old: SpecDiff.Side(label: "old", spec: try #require(a.spec), sources: a.sources),
                         new: SpecDiff.Side(label: "new", spec: try #require(b.spec), sources: b.sources))
        let change = try #require(d.differences.first)
        #expect(d.differences.count == 1 && change.path == "head.hidden" && change.compatibility == .checkpoint)
        #expect(change.newOrigin?.file == dir.url.appendingPathComponent("new/base.yaml").path && change.newOrigin?.start.line == 3)
        #expect(change.oldOrigin?.file == dir.url.appendingPathComponent("old/base.yaml").path)
    }

    @Test func parameterShapesDecideTheCheckpointClassAndListTheTensors() throws {
        // Shapes that know only the head's width: an activation keeps them, a width does not.
        let shapes: SpecDiff.ParameterShapes = { spec in
            guard let head = spec.head.config.base as? MLPHead else { return nil }
            return ["head.fc1.weight": [head.hidden.first ?? 0, 9]]
        }
        let a = try side(tinySpec), b = try side(tinySpec, ["head.hidden=[128]", "head.activation=relu"])
        let d = SpecDiff(old: a, new: b, shapes: shapes)
        #expect(summary(d) == ["checkpoint changed head.hidden", "computation changed head.activation"])
        #expect(d.tensors == [TensorChange(name: "head.fc1.weight", old: [256, 9], new: [128, 9])])
    }

    @Test func jsonHasEveryPart() throws {
        let d = try diff(tinySpec, tinySpec, newSet: ["head.hidden=[512]", "recipe.stages.bc.steps=5"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(SpecDiffReport.render(d, format: .json).utf8)) as? [String: Any])
        #expect(object["same"] as? Bool == false)
        #expect(object["classes"] as? [String] == ["checkpoint", "recipe"])
        #expect(object["hashes_changed"] as? [String] == ["architecture", "recipe"])
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.map { $0["path"] as? String } == ["head.hidden", "recipe.stages.bc.steps"])
        #expect(differences[0]["old_origin"] as? String == "default")
        #expect((differences[0]["new_origin"] as? [String: Any])?["argument"] as? String == "head.hidden=[512]")
        #expect((differences[1]["old_origin"] as? [String: Any])?["line"] as? Int == 9)
        #expect(object["tensors"] is NSNull)
    }
}
