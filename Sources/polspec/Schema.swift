import ArgumentParser
import Foundation
import SpecLang

/// `polspec schema`: the JSON Schema of specs, for editors and validators.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of spec files, generated from the registry.",
        discussion: """
            Point yaml-language-server at it with a first line
              # yaml-language-server: $schema=polspec.schema.json
            Examples:
              polspec schema > polspec.schema.json
              polspec schema --output polspec.schema.json
            """
    )

    @Option(help: "Write the schema to this file (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        let text = JSONSchemaExport.text()
        guard let output else { print(text, terminator: ""); return }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw UsageError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}
