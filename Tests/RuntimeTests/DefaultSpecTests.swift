import Foundation
import SpecLang
import Testing
@testable import Runtime

/// The built-in default specs of `polspec bench`: clean under `polspec check`, and shown
/// verbatim in docs/training.md.
@Suite struct DefaultSpecTests {
    @Test(arguments: DefaultSpec.documented.indices)
    func checksCleanAndIsDocumented(_ index: Int) throws {
        let spec = DefaultSpec.documented[index]
        let result = spec.check()
        #expect(!result.hasErrors && result.diagnostics.isEmpty, "\(CheckReport.render([result], format: .human))")
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/training.md"), encoding: .utf8)
        #expect(doc.contains("```yaml\n" + spec.yaml + "\n```"), "docs/training.md does not show the default spec of \(spec.suite) as built in")
    }

    @Test func theLiberoStateDefaultShipsAsASpecFile() throws {
        let file = try String(contentsOf: Fixtures.root.appendingPathComponent("specs/default-libero-state-bc.yaml"), encoding: .utf8)
        #expect(file.hasSuffix(DefaultSpec.liberoState.yaml + "\n"))
        #expect(DefaultSpec.forSuite("libero-like")?.yaml.contains("kind: cnn") == true)  // the vision track is the default
    }
}
