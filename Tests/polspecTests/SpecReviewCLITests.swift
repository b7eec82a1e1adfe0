import Foundation
import Testing

/// `polspec diff`, `resolve`, `check --base`, `fmt --format github` and `explain` of blocks as a
/// reviewer runs them: exit statuses, git revisions with includes, Markdown snapshots.
@Suite struct SpecReviewCLITests {
    static let root = PolspecProcess.root

    func polspec(_ arguments: String..., in directory: URL = root) throws -> PolspecProcess.Run {
        try PolspecProcess.run(arguments, in: directory)
    }

    /// Runs git in `directory` (an author set, no user configuration needed).
    @discardableResult
    static func git(_ arguments: String..., in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=polspec", "-c", "user.email=polspec@example.com", "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
        return String(decoding: data, as: UTF8.self)
    }

    /// A git repository holding specs/spec.yaml, which includes specs/bases/obs.yaml, committed.
    static func repository() throws -> URL {
        let dir = PolspecProcess.temporary("repo")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs/bases"), withIntermediateDirectories: true)
        try "observation:\n  state: {kind: vector, dim: 39}\n".write(to: dir.appendingPathComponent("specs/bases/obs.yaml"), atomically: true, encoding: .utf8)
        try """
            include: [bases/obs.yaml]
            polspec: 1
            name: reviewed
            action: {dim: 4, chunk: 1}
            encoders:
              trunk: {kind: mlp, input: state, hidden: [64]}
            head: {kind: mlp, condition: [trunk], hidden: [64]}
            recipe:
              stages:
                - {name: imitation, objective: bc, steps: 1000}

            """.write(to: dir.appendingPathComponent("specs/spec.yaml"), atomically: true, encoding: .utf8)
        try git("init", "-q", in: dir)
        try git("add", ".", in: dir)
        try git("commit", "-q", "-m", "specs", in: dir)
        return dir
    }

    /// Replaces `old` with `new` in the file at `path` under `dir`.
    static func edit(_ dir: URL, _ path: String, _ old: String, _ new: String) throws {
        let url = dir.appendingPathComponent(path)
        try (try String(contentsOf: url, encoding: .utf8)).replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    // MARK: diff

    @Test func diffExitsZeroOneOrTwo() throws {
        let same = try polspec("diff", "specs/mlp-bc-state.yaml", "specs/mlp-bc-state.yaml")
        #expect(same.status == 0 && same.stdout.contains("no differences"), "\(same.stdout)")
        let differ = try polspec("diff", "specs/mlp-bc-state.yaml", "specs/mlp-bc-state.yaml", "--set-new", "head.hidden=[512]")
        #expect(differ.status == 1 && differ.stdout.contains("checkpoint  head.hidden"), "\(differ.stdout)")
        #expect(differ.stdout.contains("head.fc1.weight  [256, 256]  →  [512, 256]"), "the tensors come from the lowered graphs: \(differ.stdout)")
        let broken = try polspec("diff", "specs/mlp-bc-state.yaml", "specs/mlp-bc-state.yaml", "--set-new", "head.hidden=big")
        #expect(broken.status == 2 && broken.stderr.contains("error[E0103]"), "\(broken.stderr)")
        #expect(try polspec("diff", "specs/mlp-bc-state.yaml", "no-such.yaml").status == 2)
        #expect(try polspec("diff", "git:", "specs/mlp-bc-state.yaml").status == 2)
    }

    @Test func diffAgainstAGitRevisionReadsItsIncludesFromIt() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.edit(dir, "specs/bases/obs.yaml", "dim: 39", "dim: 40")
        try Self.edit(dir, "specs/spec.yaml", "steps: 1000", "steps: 2000")
        let run = try polspec("diff", "git:HEAD:specs/spec.yaml", "specs/spec.yaml", "--format", "json", in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.map { $0["path"] as? String } == ["observation.state.dim", "recipe.stages.imitation.steps"])
        #expect(differences.map { $0["class"] as? String } == ["interface", "recipe"])
        let oldOrigin = try #require(differences[0]["old_origin"] as? [String: Any])
        #expect(oldOrigin["file"] as? String == "git:HEAD:specs/bases/obs.yaml" && oldOrigin["line"] as? Int == 2)
        #expect((differences[0]["new_origin"] as? [String: Any])?["file"] as? String == "specs/bases/obs.yaml")
        // From a subfolder, paths are relative to it, as for files.
        let inner = try polspec("diff", "git:HEAD:spec.yaml", "spec.yaml", in: dir.appendingPathComponent("specs"))
        #expect(inner.status == 1 && inner.stdout.contains("interface  observation.state.dim"), "\(inner.stdout)\(inner.stderr)")
        let missing = try polspec("diff", "git:HEAD:specs/none.yaml", "specs/spec.yaml", in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("has no file specs/none.yaml"), "\(missing.stderr)")
        let badRevision = try polspec("diff", "git:nope:specs/spec.yaml", "specs/spec.yaml", in: dir)
        #expect(badRevision.status == 2 && badRevision.stderr.contains("'nope' is not a revision"), "\(badRevision.stderr)")
    }

    /// The Markdown a pull request gets, compared with committed snapshots
    /// (`Tests/Fixtures/diff/*.md`; regenerate with the command in each test's message).
    @Test(arguments: [
        ("renames", ["Tests/Fixtures/diff/old.yaml", "Tests/Fixtures/diff/new.yaml", "--set-new", "action.execute=null"]),
        ("mlp-wider-input", ["specs/mlp-bc-state.yaml", "specs/mlp-bc-state.yaml", "--set-new", "observation.state.dim=48",
                             "--set-new", "encoders.trunk.hidden=[256, 128]", "--set-new", "recipe.stages.imitation.train=[head]"]),
    ])
    func markdownSnapshot(_ name: String, _ arguments: [String]) throws {
        let run = try PolspecProcess.run(["diff"] + arguments + ["--format", "markdown"])
        #expect(run.status == 1, "\(run.stderr)")
        let snapshot = Self.root.appendingPathComponent("Tests/Fixtures/diff/\(name).md")
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(run.stdout == expected, """
            the Markdown of polspec diff changed; if intended, regenerate with
            polspec diff \(arguments.joined(separator: " ")) --format markdown > Tests/Fixtures/diff/\(name).md
            """)
    }

    // MARK: resolve

    @Test func resolveShowsOriginsAndFailsOnErrors() throws {
        let run = try polspec("resolve", "specs/mlp-bc-state.yaml", "--show-origin", "--set", "recipe.stages.imitation.steps=200")
        #expect(run.status == 0)
        #expect(run.stdout.contains("steps: 200  # --set recipe.stages.imitation.steps=200"), "\(run.stdout)")
        #expect(run.stdout.contains("history: 1  # default") && run.stdout.contains("name: mlp-bc-state  # specs/mlp-bc-state.yaml:"))
        let plain = try polspec("resolve", "specs/mlp-bc-state.yaml")
        #expect(!plain.stdout.contains("#"))
        let json = try polspec("resolve", "specs/mlp-bc-state.yaml", "--format", "json")
        #expect(json.status == 0 && json.stdout.hasPrefix("{\n  \"polspec\": 1,\n  \"name\": \"mlp-bc-state\""))
        let broken = try polspec("resolve", "specs/mlp-bc-state.yaml", "--set", "head.hidden=big", "--show-origin")
        #expect(broken.status == 1 && broken.stdout.contains("hidden: big  # --set head.hidden=big") && broken.stderr.contains("error[E0103]"))
        #expect(try polspec("resolve", "specs/mlp-bc-state.yaml", "--show-origin", "--format", "json").status == 2)
    }

    // MARK: check --base, step summary, fmt --format github

    @Test func checkPutsChangedLinesFirstAndWritesTheStepSummary() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An old mistake (committed) and a new one (the change under review).
        try Self.edit(dir, "specs/spec.yaml", "name: reviewed", "name: reviewed\nold_mistake: 1")
        try Self.git("commit", "-q", "-am", "old mistake", in: dir)
        try Self.edit(dir, "specs/spec.yaml", "steps: 1000}", "steps: 1000, batch_size: 8}")
        let summary = dir.appendingPathComponent("summary.md")
        let process = Process()
        process.executableURL = try #require(PolspecProcess.binary)
        process.arguments = ["check", "specs/", "--format", "github", "--base", "HEAD", "--max-diagnostics", "1"]
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment.merging(["GITHUB_STEP_SUMMARY": summary.path]) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.hasPrefix("::error file=specs/spec.yaml,line=11,"), "the changed line comes first: \(text)")
        #expect(text.contains("batch_size") && !text.contains("old_mistake") && text.contains("1 more diagnostic not shown"), "\(text)")
        let markdown = try String(contentsOf: summary, encoding: .utf8)
        #expect(markdown.contains("## polspec check") && markdown.contains("old_mistake") && markdown.contains("batch_size"))
        let badBase = try polspec("check", "specs/", "--format", "github", "--base", "nope", in: dir)
        #expect(badBase.status == 2 && badBase.stderr.contains("--base nope"), "\(badBase.stderr)")
    }

    @Test func fmtAnnotatesTheLinesItWouldChange() throws {
        let dir = PolspecProcess.temporary("fmt-github")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "polspec: 1\nname: x\nrecipe:\n    seed: 1\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let run = try polspec("fmt", "--check", "--format", "github", "a.yaml", in: dir)
        #expect(run.status == 1)
        #expect(run.stdout == "::error file=a.yaml,line=3,endLine=4,title=polspec fmt::not formatted: polspec fmt a.yaml rewrites these lines\n",
                "\(run.stdout)")
    }

    // MARK: explain

    @Test(arguments: ["diffusion", "mcmc", "stage", "recipe", "flow", "action", "augment", "camera", "observation", "spec", "block.diffusion"])
    func explainCoversEveryBlock(_ block: String) throws {
        let run = try polspec("explain", block)
        let title = block.split(separator: ".").last.map(String.init) ?? block
        #expect(run.status == 0 && run.stdout.contains("# `\(title)` block") && run.stdout.contains("| key | type | default | description |"), "\(run.stdout)")
    }

    @Test func explainSuggestsTheKindASynonymMeans() throws {
        let run = try polspec("explain", "resnet18")
        #expect(run.status == 2 && run.stderr.contains("did you mean 'cnn'?"), "\(run.stderr)")
    }
}
