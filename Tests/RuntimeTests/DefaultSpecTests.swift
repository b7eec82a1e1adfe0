import Foundation
import SpecLang
import Testing
@testable import Runtime

/// The built-in default specs of `polspec bench`: clean under `polspec check`, and shown
/// verbatim in docs/training.md.
@Suite struct DefaultSpecTests {
    @Test(arguments: DefaultSpec.all.map(\.suite))
    func checksCleanAndIsDocumented(_ suite: String) throws {
        let spec = try #require(DefaultSpec.forSuite(suite))
        let result = spec.check()
        #expect(!result.hasErrors && result.diagnostics.isEmpty, "\(CheckReport.render([result], format: .human))")
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/training.md"), encoding: .utf8)
        #expect(doc.contains("```yaml\n" + spec.yaml + "\n```"), "docs/training.md does not show the default spec of \(suite) as built in")
    }
}
