import ArgumentParser
import Lowering
import SpecLang

/// `polspec explain`: documentation of a component kind or a diagnostic code.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a component kind, a block or a diagnostic code; print the generated reference docs.",
        discussion: """
            Examples:
              polspec explain dit          # a kind (every family with that name)
              polspec explain head.mlp     # one family's kind
              polspec explain diffusion    # a block (also mcmc, flow, stage, recipe, action, augment, camera, observation, spec)
              polspec explain E0203        # a diagnostic code
              polspec explain --list
              polspec explain --reference > docs/spec-reference.md
              polspec explain --diagnostics > docs/diagnostics.md
            """
    )

    @Argument(help: "A kind (e.g. dit, encoder.mlp), a block (e.g. diffusion, stage) or a code (e.g. E0101).")
    var topic: String?

    @Flag(help: "List every kind, block and code.")
    var list = false

    @Flag(help: "Print docs/spec-reference.md (generated from the registry).")
    var reference = false

    @Flag(help: "Print docs/diagnostics.md (generated from the diagnostic catalogue).")
    var diagnostics = false

    func run() throws {
        if reference { print(SpecReference.markdown(), terminator: ""); return }
        if diagnostics { print(DiagnosticsReference.markdown(), terminator: ""); return }
        if list {
            for family in Family.allCases {
                print("\(family.title):")
                for kind in Registry.kinds(family) { print("  \(kind.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(kind.summary)") }
            }
            print("Blocks:")
            for block in Registry.explainableBlocks {
                print("  \(block.title.padding(toLength: 20, withPad: " ", startingAt: 0)) \(block.summary.prefix(100))\(block.summary.count > 100 ? "…" : "")")
            }
            print("Diagnostics:")
            for code in DiagnosticCode.allCases { print("  \(code.rawValue)  \(code.documentation.title)") }
            return
        }
        guard let topic else { throw UsageError("name a kind or a code, or use --list") }
        if let code = DiagnosticCode(rawValue: topic.uppercased()) {
            print(DiagnosticsReference.entry(code, headingLevel: 1), terminator: "")
            return
        }
        let parts = topic.split(separator: ".", maxSplits: 1).map(String.init)
        let matches: [KindInfo]
        if parts.count == 2, let family = Family(rawValue: parts[0]) {
            matches = Registry.kind(family, parts[1]).map { [$0] } ?? []
        } else {
            matches = Registry.kinds(named: topic)
        }
        let blocks = parts.count == 2 ? (parts[0] == "block" ? Registry.blocks(named: parts[1]) : []) : Registry.blocks(named: topic)
        guard !matches.isEmpty || !blocks.isEmpty else {
            let names = Registry.kinds.map(\.name) + Registry.explainableBlocks.map(\.title) + DiagnosticCode.allCases.map(\.rawValue)
            let hint = Suggestion.closest(to: topic, among: names) ?? Synonyms.kind(topic)?.word
            throw UsageError("no kind, block or code named '\(TerminalText.escaped(topic))'" + (hint.map { "; did you mean '\($0)'?" } ?? "")
                             + " (polspec explain --list)")
        }
        print(matches.map { SpecReference.section($0, headingLevel: 1) }.joined()
              + blocks.map { SpecReference.blockSection($0, headingLevel: 1) }.joined(), terminator: "")
    }
}
