import ArgumentParser
import Foundation
import SafeTensors
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

    @Option(help: "Write the schema to this file (atomically; through a symlink to its target) instead of standard output.")
    var output: String?

    @Flag(help: "Replace an existing --output file even if it is not JSON.")
    var force = false

    func run() throws {
        let text = JSONSchemaExport.text()
        guard let output else { print(text, terminator: ""); return }
        var paths = OutputPaths()
        let target = try paths.file("--output", output, kind: .json, force: force)
        do {
            try AtomicFile.write(text, to: target)
        } catch {
            throw runtimeFailure(["cannot write \(output): \(error)"])
        }
    }
}
