import Foundation
import Testing
@testable import SpecLang

/// Every code is documented, and its documented examples behave as documented.
@Suite struct DiagnosticCatalogueTests {
    @Test func everyCodeHasOneEntry() {
        let documented = DiagnosticCatalogue.entries.map(\.code)
        #expect(Set(documented) == Set(DiagnosticCode.allCases))
        #expect(documented.count == DiagnosticCode.allCases.count)
    }

    /// The codes decided outside the checker are tested with the suites (RuntimeTests, SuiteFitTests).
    @Test(arguments: DiagnosticCode.allCases.filter { !$0.needsRunSupport })
    func badExampleProducesItsCodeAndFixedDoesNot(_ code: DiagnosticCode) {
        let doc = code.documentation
        let bad = run(doc.bad)
        #expect(bad.diagnostics.contains { $0.code == code }, "bad example of \(code.rawValue) gave \(bad.codes)")
        let fixed = run(doc.fixed)
        #expect(!fixed.diagnostics.contains { $0.code == code }, "fixed example of \(code.rawValue) gave \(fixed.codes)")
        #expect(fixed.diagnostics.isEmpty, "fixed example of \(code.rawValue) is not clean: \(fixed.codes)")
    }

    /// The diagnostics of running the example's command.
    private func run(_ example: DiagnosticExample) -> (diagnostics: [Diagnostic], codes: [String]) {
        if example.formats {
            let diagnostics = SpecFormatter.format(bytes: DiagnosticExample.bytes(example.spec), path: "spec.yaml").diagnostics
            return (diagnostics, diagnostics.map(\.code.rawValue))
        }
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let root = URL(fileURLWithPath: dir.url.appendingPathComponent("work").path)
        for file in example.files { dir.write("work/" + file.path, DiagnosticExample.bytes(file.text)) }
        dir.write("work/spec.yaml", DiagnosticExample.bytes(example.spec))
        let result = SpecChecker.check(file: root.appendingPathComponent("spec.yaml").path, options: example.options)
        return (result.diagnostics, codes(result))
    }
}
