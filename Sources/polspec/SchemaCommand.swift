import ArgumentParser
import Foundation
import SafeTensors
import SpecLang

/// `polspec schema`: the JSON Schema of specs, for editors and validators.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of spec files, generated from the registry.",
        discussion: """
            Point yaml-language-server at it with a first line
              # yaml-language-server: $schema=polspec.schema.json
            --partial prints the variant for base files and for specs that include bases: nothing \
            is required, a kinded mapping may leave `kind` to a base, null deletes a key, a mapping \
            may address list entries by name.
            Examples:
              polspec schema > polspec.schema.json
              polspec schema --output polspec.schema.json
              polspec schema --partial --output polspec.base.schema.json
            """
    )

    @Option(help: "Write the schema to this file (atomically; through a symlink to its target) instead of standard output.")
    var output: String?

    @Flag(help: "Replace an existing --output file even if it is not JSON.")
    var force = false

    @Flag(help: "The variant for base files and specs that include bases (nothing required, null deletes).")
    var partial = false

    func run() throws {
        let text = JSONSchemaExport.text(partial: partial)
        guard let output else { print(text, terminator: ""); return }
        var paths = OutputPaths()
        let target = try paths.file("--output", output, kind: .json, force: force)
        do {
            try AtomicFile.write(text, to: target)
        } catch {
            throw RuntimeFailure(["cannot write \(output): \(error)"])
        }
    }
}
