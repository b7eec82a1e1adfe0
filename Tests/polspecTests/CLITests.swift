import Foundation
import Testing

/// End-to-end tests of the built `polspec` binary: exit codes, formats, and the commands
/// that regenerate docs.
@Suite struct CLITests {
    static let root = PolspecProcess.root
    typealias Run = PolspecProcess.Run

    func polspec(_ arguments: String..., in directory: URL = root, input: String? = nil) throws -> Run {
        try PolspecProcess.run(arguments, in: directory, input: input)
    }

    @Test func exampleSpecsAreClean() throws {
        let run = try polspec("check", "specs/")
        #expect(run.status == 0, "\(run.stdout)")
        let okLines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("ok  specs/") }
        #expect(okLines.count >= 9)
        #expect(run.stdout.contains("ok  specs/mlp-bc-state.yaml  mlp-bc-state  143k params  284kFLOPs/call  2.17 KiB activations  (benches on metaworld-like)\n"))
        #expect(!run.stdout.contains("note["), "every example spec benches on a built-in suite")
    }

    @Test func verboseTableShowsEveryComponentAndTheTotal() throws {
        let run = try polspec("check", "-v", "specs/mlp-bc-state.yaml")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "    component  kind         params  FLOPs/call  activations")
        #expect(lines[2] == "    trunk      encoder mlp   76.0k        151k     2.00 KiB")
        #expect(lines[3] == "    head       head mlp      66.8k        133k     1.02 KiB")
        #expect(lines[4] == "    total                     143k        284k     2.17 KiB")
        #expect(lines[5].hasPrefix("    hash "))
    }

    @Test func specErrorsExitOneWithLocatedHumanDiagnostics() throws {
        let run = try polspec("check", "Tests/Fixtures/specs/e0101-misspelt-head-key.yaml")
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Tests/Fixtures/specs/e0101-misspelt-head-key.yaml:7:39: error[E0101]: unknown key 'hiden' in mlp head")
        #expect(lines[1] == " 7 | head: {kind: mlp, condition: [state], hiden: [64]}")
        #expect(lines[2] == "   |                                       ^~~~~")
        #expect(lines[3] == "    = help: did you mean 'hidden'?")
    }

    @Test func jsonFormat() throws {
        let run = try polspec("check", "--format", "json", "Tests/Fixtures/specs/e0203-image-into-mlp-head.yaml", "specs/mlp-bc-state.yaml")
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["valid"] as? Bool == false)
        #expect(document["error_count"] as? Int == 1)
        let specs = try #require(document["specs"] as? [[String: Any]])
        #expect(specs.count == 2)
        let diagnostic = try #require((specs[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "E0203")
        let start = (diagnostic["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start == ["line": 8, "column": 38])
        #expect(specs[1]["parameters"] as? Int == 142_852)
        #expect(specs[1]["activation_bytes"] as? Int == 2_220)
        #expect((specs[1]["components"] as? [[String: Any]])?.map { $0["activation_bytes"] as? Int } == [2_048, 1_040])
        #expect((specs[1]["hash"] as? String)?.count == 64)
    }

    @Test func githubFormat() throws {
        let run = try polspec("check", "--format", "github", "Tests/Fixtures/specs/e0201-misspelt-condition.yaml")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("::error file=Tests/Fixtures/specs/e0201-misspelt-condition.yaml,line=7,col=31,endLine=7,endColumn=35,title=E0201::"))
        #expect(run.stdout.contains("did you mean 'state'?"))
    }

    @Test func warningsDoNotFail() throws {
        let run = try polspec("check", "Tests/Fixtures/specs/w0201-unused-observation.yaml")
        #expect(run.status == 0)
        #expect(run.stdout.contains("warning[W0201]"))
    }

    @Test func overridesAreCheckedWhereTheyAreWritten() throws {
        let run = try polspec("check", "specs/dita.yaml", "--set", "head.depth=five")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("""
            command line: error[E0103]: dit head 'depth': expected an integer, found 'five'
              | --set head.depth=five
              |                  ^~~~
            """), "\(run.stdout)")
        #expect(try polspec("check", "specs/dita.yaml", "--set", "head.depth=6").status == 0)
    }

    @Test func limits() throws {
        let run = try polspec("check", "specs/transformer-tokens.yaml", "--max-params", "1M")
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E0401]: the spec has 3.46M parameters, over the limit of 1.00M (largest: backbone, 3.18M)"))
        #expect(try polspec("check", "specs/dita.yaml", "--max-flops", "100M").status == 1)
        let activations = try polspec("check", "specs/transformer-tokens.yaml", "--max-activation-bytes", "256KiB")
        #expect(activations.status == 1)
        #expect(activations.stdout.contains("error[E0403]: one policy call needs 436 KiB of activations, over the limit of 256 KiB (largest: backbone, 320 KiB)"))
        #expect(try polspec("check", "specs/transformer-tokens.yaml", "--max-activation-bytes", "1MiB").status == 0)
    }

    @Test(arguments: [["check"], ["check", "no/such/file.yaml"], ["check", "specs/", "--set", "nodot"],
                      ["check", "specs/", "--max-params", "lots"], ["check", "specs/", "--max-activation-bytes", "4GB"],
                      ["check", "specs/", "--bogus"],
                      ["check", "specs/", "--format", "xml"], ["explain", "nonsense"], ["explain"], ["frobnicate"],
                      ["fmt"], ["fmt", "no/such/file.yaml"], ["fmt", "-", "specs/"], ["fmt", "--bogus", "specs/"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let run = try PolspecProcess.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func directoriesSkipIncludedBases() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bases"), withIntermediateDirectories: true)
        try "observation:\n  state: {kind: vector, dim: 39}\n".write(to: dir.appendingPathComponent("bases/obs.yaml"), atomically: true, encoding: .utf8)
        try """
            include: [bases/obs.yaml]
            polspec: 1
            name: tiny
            action: {dim: 4}
            head: {kind: mlp, condition: [state]}
            recipe: {stages: [{name: bc, objective: bc, steps: 10}]}

            """.write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let run = try polspec("check", ".", in: dir)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.hasPrefix("ok  ./spec.yaml  tiny"))
        #expect(!run.stdout.contains("obs.yaml"))
        #expect(try polspec("check", "bases/obs.yaml", in: dir).status == 1)
    }

    @Test func explain() throws {
        let kind = try polspec("explain", "dit")
        #expect(kind.status == 0 && kind.stdout.contains("# head `dit`") && kind.stdout.contains("`sample_steps`"))
        let both = try polspec("explain", "mlp")
        #expect(both.stdout.contains("# encoder `mlp`") && both.stdout.contains("# head `mlp`"))
        let code = try polspec("explain", "E0203")
        #expect(code.status == 0 && code.stdout.contains("# E0203: port type does not fit") && code.stdout.contains("Fixed ("))
        let list = try polspec("explain", "--list")
        #expect(list.stdout.contains("discrete_diffusion") && list.stdout.contains("W0301"))
    }

    @Test func generatedDocsCommandsMatchTheCommittedFiles() throws {
        let reference = try polspec("explain", "--reference")
        #expect(reference.stdout == (try String(contentsOf: Self.root.appendingPathComponent("docs/spec-reference.md"), encoding: .utf8)))
        let diagnostics = try polspec("explain", "--diagnostics")
        #expect(diagnostics.stdout == (try String(contentsOf: Self.root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)))
    }

    // MARK: fmt

    static let unformatted = """
        # A spec.
        name: tiny   # its name
        polspec: 1
        observation:
          state: {dim: 9, kind: vector}
        action: {dim: 4}
        head: {kind: mlp, condition: [state]}
        recipe: {stages: [{name: bc, objective: bc, steps: 10}]}

        """

    static let canonical = """
        # A spec.
        polspec: 1
        name: tiny  # its name
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4}
        head: {kind: mlp, condition: [state]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 10}

        """

    /// A temporary directory holding `spec.yaml` with `text`.
    func specDirectory(_ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func fmtRewritesInPlaceKeepingPermissionsAndTheHash() throws {
        let dir = try specDirectory(Self.unformatted)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("spec.yaml")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let hash = try polspec("check", "-v", "spec.yaml", in: dir).stdout.split(separator: "\n").last { $0.contains("hash") }
        let run = try polspec("fmt", "spec.yaml", in: dir)
        #expect(run.status == 0 && run.stdout == "formatted spec.yaml\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.canonical)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o640)
        #expect(try polspec("check", "-v", "spec.yaml", in: dir).stdout.split(separator: "\n").last { $0.contains("hash") } == hash)
        let again = try polspec("fmt", ".", in: dir)
        #expect(again.status == 0 && again.stdout == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["spec.yaml"])
        // Through a symlink, the file it points to is formatted and the link stays a link.
        try Self.unformatted.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.yaml").path, withDestinationPath: "spec.yaml")
        #expect(try polspec("fmt", "link.yaml", in: dir).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.canonical)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.yaml").path) == "spec.yaml")
    }

    @Test func fmtCheckAndDiffWriteNothing() throws {
        let dir = try specDirectory(Self.unformatted)
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try polspec("fmt", "--check", "spec.yaml", in: dir)
        #expect(check.status == 1 && check.stdout == "would format spec.yaml\n")
        let diff = try polspec("fmt", "--diff", "spec.yaml", in: dir)
        #expect(diff.status == 0)
        #expect(diff.stdout.hasPrefix("--- spec.yaml\n+++ spec.yaml (formatted)\n@@ -1,8 +1,10 @@\n # A spec.\n-name: tiny   # its name\n"))
        #expect(try polspec("fmt", "--check", "--diff", "spec.yaml", in: dir).status == 1)
        #expect(try String(contentsOf: dir.appendingPathComponent("spec.yaml"), encoding: .utf8) == Self.unformatted)
        #expect(try polspec("fmt", "--check", "specs/").status == 0)
    }

    @Test func fmtStandardInputAndUnformattableFiles() throws {
        let run = try polspec("fmt", "-", input: Self.unformatted)
        #expect(run.status == 0 && run.stdout == Self.canonical)
        #expect(try polspec("fmt", "--check", "-", input: Self.canonical).status == 0)
        #expect(try polspec("fmt", "--check", "-", input: Self.unformatted).status == 1)
        let bad = try polspec("fmt", "-", input: "a: &x 1\nb: *x\n")
        #expect(bad.status == 1 && bad.stdout.isEmpty && bad.stderr.hasPrefix("<stdin>:1:4: error[E0013]:"))
        let dir = try specDirectory("a: [1, 2\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = try polspec("fmt", "spec.yaml", in: dir)
        #expect(broken.status == 1 && broken.stdout.hasPrefix("spec.yaml:1:9: error[E0005]"))
        #expect(try String(contentsOf: dir.appendingPathComponent("spec.yaml"), encoding: .utf8) == "a: [1, 2\n")
    }

    @Test func schemaToStdoutAndFile() throws {
        let run = try polspec("schema")
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try polspec("schema", "--output", file.path).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == run.stdout)
        #expect(try polspec("schema", "--output", "/nonexistent-dir/x.json").status == 2)
    }
}
