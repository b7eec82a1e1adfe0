import Foundation
import SpecLang
import Testing
@testable import Lowering

/// What lowers is decided by the lowering conformances alone, and every place that reports it
/// (check's notes and summary, build's errors, the generated reference) agrees.
@Suite struct LoweringSupportTests {
    @Test func specReferenceIsCurrent() throws {
        let committed = try String(contentsOf: LoweringEstimateTests.root.appendingPathComponent("docs/spec-reference.md"), encoding: .utf8)
        #expect(committed == SpecReference.markdown(lowers: LoweringSupport.lowers),
                "docs/spec-reference.md is stale: run polspec explain --reference > docs/spec-reference.md")
    }

    /// The documented examples of the codes the compiler decides behave as documented.
    @Test(arguments: DiagnosticCode.allCases.filter(\.isDecidedByCompiler))
    func examplesOfCompilerCodes(_ code: DiagnosticCode) throws {
        let doc = code.documentation
        func codes(_ example: DiagnosticExample) throws -> [DiagnosticCode] {
            let options = CheckOptions(support: LoweringSupport.compilerSupport)
            let result = SpecChecker.check(text: example.spec, path: "spec.yaml", options: options)
            let spec = try #require(result.spec, "the example of \(code.rawValue) does not check")
            guard example.compilerCommand != nil else { return result.diagnostics.map(\.code) }
            do {
                _ = try PolicyGraph(spec, batch: 1)
                return []
            } catch {
                return error.diagnostics.map(\.code)
            }
        }
        #expect(try codes(doc.bad).contains(code))
        #expect(try codes(doc.fixed).isEmpty)
    }

    @Test func checkReportsWhetherASpecBuildsAndTrains() throws {
        let text = """
            polspec: 1
            name: t
            observation: {cam: {kind: image, shape: [3, 16, 16]}}
            action: {dim: 2}
            encoders: {vision: {kind: jepa, input: cam, patch: 8, dim: 16, heads: 2, predictor_dim: 8, predictor_heads: 2}}
            head: {kind: mlp, condition: [vision]}
            recipe: {stages: [{name: pre, objective: jepa, steps: 1}, {name: s, objective: bc, steps: 1}]}
            """
        let result = SpecChecker.check(text: text, path: "t.yaml", options: CheckOptions(support: LoweringSupport.compilerSupport))
        let support = try #require(result.support)
        #expect(!support.builds && !support.trains)
        #expect(result.diagnostics.map(\.code) == [.lowersNot, .lowersNot])
        #expect(result.noteCount == 2 && !result.hasErrors)
        let human = CheckReport.render([result], format: .human)
        #expect(human.contains("t.yaml:5:27: note[N0601]: encoder 'vision': encoder kind jepa does not lower yet"))
        #expect(human.contains("(does not build yet)"))
        let json = CheckReport.render([result], format: .json)
        #expect(json.contains("\"builds\": false") && json.contains("\"trains\": false") && json.contains("\"note_count\": 2"))
        #expect(CheckReport.render([result], format: .github).contains("::notice file=t.yaml,line=5"))
    }

    @Test func everyRegisteredBaselineKindLowers() {
        for kind in ["mlp", "cnn", "transformer", "text_embedding", "proprio"] {
            #expect(LoweringSupport.loweredKinds(.encoder).contains(kind))
        }
        #expect(LoweringSupport.loweredKinds(.objective).starts(with: ["bc", "diffusion"]))
        #expect(LoweringSupport.loweredKinds(.optimizer) == Registry.optimizerTypes.map { $0.kind })
    }
}
