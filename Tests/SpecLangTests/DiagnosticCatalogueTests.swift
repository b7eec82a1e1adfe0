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

    @Test(arguments: DiagnosticCode.allCases)
    func badExampleProducesItsCodeAndFixedDoesNot(_ code: DiagnosticCode) {
        let doc = code.documentation
        let bad = run(doc.bad)
        #expect(bad.diagnostics.contains { $0.code == code }, "bad example of \(code.rawValue) gave \(codes(bad))")
        let fixed = run(doc.fixed)
        #expect(!fixed.diagnostics.contains { $0.code == code }, "fixed example of \(code.rawValue) gave \(codes(fixed))")
        #expect(fixed.diagnostics.isEmpty, "fixed example of \(code.rawValue) is not clean: \(codes(fixed))")
    }

    private func run(_ example: DiagnosticExample) -> CheckResult {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let root = URL(fileURLWithPath: dir.url.appendingPathComponent("work").path)
        for file in example.files { dir.write("work/" + file.path, DiagnosticExample.bytes(file.text)) }
        dir.write("work/spec.yaml", DiagnosticExample.bytes(example.spec))
        return SpecChecker.check(file: root.appendingPathComponent("spec.yaml").path, options: example.options)
    }
}
