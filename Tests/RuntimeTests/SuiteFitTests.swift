import Foundation
import Bench
import SpecLang
import Testing
@testable import Runtime

/// `polspec check` says on which built-in suites a spec runs (``SuiteFit``), and notes (N0601)
/// a spec no suite provides the observations of.
@Suite struct SuiteFitTests {
    func check(_ text: String) throws -> CheckResult {
        SpecChecker.check(text: text, path: "t.yaml", options: CheckOptions(runSupport: SuiteFit.runSupport))
    }

    func spec(_ observations: String, head: String = "{kind: mlp, condition: [state]}", encoders: String = "{}") -> String {
        """
        polspec: 1
        name: t
        observation: \(observations)
        action: {dim: 4}
        encoders: \(encoders)
        head: \(head)
        recipe: {stages: [{name: s, objective: bc, steps: 1}]}
        """
    }

    @Test func theDocumentedExamplesBehaveAsDocumented() throws {
        let doc = DiagnosticCode.noSuite.documentation
        #expect(try check(doc.bad.spec).diagnostics.map(\.code) == [.noSuite])
        #expect(try check(doc.fixed.spec).diagnostics.isEmpty)
    }

    @Test func suitesAreNamedWholeOrBySet() throws {
        #expect(try check(spec("{state: {kind: vector, dim: 39}}")).runs?.suites == ["metaworld-like"])
        // The one-hot task id has one slot per task of the set: the sets of 10 tasks fit.
        let taskID = spec("{state: {kind: vector, dim: 39}, task_id: {kind: vector, dim: 10}}", head: "{kind: mlp, condition: [state, task_id]}")
        #expect(try check(taskID).runs?.suites == ["metaworld-like/mt10", "metaworld-like/ml10-train"])
        // Cameras at a side the suites render (128), and not at one they do not (32).
        let camera = { (side: Int) in
            self.spec("{agentview: {kind: image, shape: [3, \(side), \(side)]}, proprio: {kind: vector, dim: 8}}",
                      head: "{kind: mlp, condition: [vision, proprio]}", encoders: "{vision: {kind: cnn, input: agentview, output: vector}}")
        }
        #expect(try check(camera(128)).runs?.suites == ["libero-like"])
        #expect(try check(camera(32)).runs?.suites == [])
    }

    @Test func aSpecNoSuiteFitsIsNotedEverywhere() throws {
        let result = try check(spec("{state: {kind: vector, dim: 9}}"))
        #expect(!result.hasErrors && result.noteCount == 1)
        let human = CheckReport.render([result], format: .human)
        #expect(human.contains("t.yaml:3:14: note[N0601]: no built-in suite provides the observations this spec reads ('state' (vector[9]))"))
        #expect(human.contains("(no built-in suite provides its observations)"))
        let json = CheckReport.render([result], format: .json)
        #expect(json.contains("\"suites\": []") && json.contains("\"note_count\": 1"))
        #expect(CheckReport.render([result], format: .github).contains("::notice file=t.yaml,line=3"))
    }
}

/// `--observations image-only` lets a spec read the camera images only.
@Suite struct ImageOnlyObservationTests {
    func spec(_ observations: String, condition: String) throws -> Spec {
        let text = """
        polspec: 1
        name: t
        observation: \(observations)
        action: {dim: 7}
        encoders: {vision: {kind: cnn, input: agentview, output: vector}}
        head: {kind: mlp, condition: \(condition)}
        recipe: {stages: [{name: s, objective: bc, steps: 1}]}
        """
        return try #require(SpecChecker.check(text: text, path: "t.yaml").spec)
    }

    @Test func aSpecReadingProprioIsRefusedAndAnImageSpecRuns() throws {
        let (suite, selection) = try Suites.resolve(suite: "libero-like/memory", tasks: nil, observations: .imageOnly)
        let withProprio = try spec("{agentview: {kind: image, shape: [3, 64, 64]}, proprio: {kind: vector, dim: 8}}", condition: "[vision, proprio]")
        #expect(throws: TrainingDataError.self) { try SuiteFit.require(withProprio, suite: suite, selection: selection) }
        do {
            try SuiteFit.require(withProprio, suite: suite, selection: selection)
        } catch {
            #expect(error.description.contains("--observations image-only gives the policy only agentview, wrist of libero-like; it reads proprio too"))
        }
        let imagesOnly = try spec("{agentview: {kind: image, shape: [3, 64, 64]}}", condition: "[vision]")
        try SuiteFit.require(imagesOnly, suite: suite, selection: selection)
        // All fields are allowed by default, and a suite without cameras has no image-only variant.
        try SuiteFit.require(withProprio, suite: suite, selection: try Suites.resolve(suite: "libero-like/memory", tasks: nil).1)
        #expect(throws: BenchUsageError.self) { try Suites.resolve(suite: "metaworld-like", tasks: nil, observations: .imageOnly) }
    }
}
