import Foundation
import Testing
@testable import SpecLang

/// The committed generated files match what the registry generates now (the spec reference,
/// which also says what the compiler lowers, is checked in LoweringTests). Regenerate with
/// `polspec explain --reference > docs/spec-reference.md`,
/// `polspec explain --diagnostics > docs/diagnostics.md` and
/// `polspec schema --output docs/polspec.schema.json` and
/// `polspec schema --partial --output docs/polspec.base.schema.json`.
@Suite struct GeneratedDocsTests {
    func committed(_ name: String) throws -> String {
        try String(contentsOf: Repository.docs.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func diagnosticsPageIsCurrent() throws {
        #expect(try committed("diagnostics.md") == DiagnosticsReference.markdown(),
                "docs/diagnostics.md is stale: run polspec explain --diagnostics > docs/diagnostics.md")
    }

    @Test func jsonSchemaIsCurrentAndParses() throws {
        let text = try committed("polspec.schema.json")
        #expect(text == JSONSchemaExport.text(), "docs/polspec.schema.json is stale: run polspec schema --output docs/polspec.schema.json")
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func partialJSONSchemaIsCurrent() throws {
        let text = try committed("polspec.base.schema.json")
        #expect(text == JSONSchemaExport.text(partial: true),
                "docs/polspec.base.schema.json is stale: run polspec schema --partial --output docs/polspec.base.schema.json")
    }

    @Test func everyKindIsDocumented() throws {
        let reference = try committed("spec-reference.md")
        for kind in Registry.kinds {
            #expect(reference.contains("\(kind.family.rawValue) `\(kind.name)`"))
            for parameter in kind.schema.parameters { #expect(reference.contains("`\(parameter.name)`")) }
        }
    }
}
