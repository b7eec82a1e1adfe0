import Foundation
import Testing
@testable import SpecLang

/// The bad-spec fixtures under Tests/Fixtures/specs: each file states, in header comments,
/// the `--set` overrides to apply (`# set: key=value`) and every diagnostic it must produce
/// (`# expect: CODE [FILE:]LINE:COLUMN`, FILE relative to the fixture), in the order the
/// checker reports them (by file, then position). The check must give exactly those
/// diagnostics, no more. `multi-*` fixtures hold several independent mistakes each.
@Suite struct FixtureTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        let url: URL
        var testDescription: String { url.lastPathComponent }
    }

    static let fixtures: [Fixture] = {
        guard let enumerator = FileManager.default.enumerator(at: Repository.fixtures, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "yaml" && !$0.pathComponents.contains("bases") }
            .sorted { $0.path < $1.path }
            .map(Fixture.init)
    }()

    @Test func thereAreAtLeastFortyFixturesCoveringEveryCode() throws {
        #expect(Self.fixtures.count >= 40)
        #expect(Self.fixtures.filter { $0.url.lastPathComponent.hasPrefix("multi-") }.count >= 10)
        var covered = Set<String>()
        for fixture in Self.fixtures {
            for line in try header(fixture.url) where line.hasPrefix("# expect: ") {
                covered.insert(String(line.dropFirst(10).prefix(5)))
            }
        }
        // E0004 needs a 1 MiB file (see HostileInputTests); E0013 comes from fmt (see FormatterTests).
        let catalogueOnly: Set<DiagnosticCode> = [.fileTooLarge, .unformattable]
        // The codes decided outside the checker are covered in RuntimeTests (SuiteFitTests).
        for code in DiagnosticCode.allCases where !catalogueOnly.contains(code) && !code.needsRunSupport {
            #expect(covered.contains(code.rawValue), "no fixture for \(code.rawValue)")
        }
    }

    @Test(arguments: fixtures)
    func fixtureGivesExactlyItsDiagnostics(_ fixture: Fixture) throws {
        var overrides: [String] = []
        var expected: [String] = []
        let directory = fixture.url.deletingLastPathComponent()
        for line in try header(fixture.url) {
            if line.hasPrefix("# set: ") { overrides.append(String(line.dropFirst(7))) }
            if line.hasPrefix("# expect: ") {
                let parts = line.dropFirst(10).split(separator: " ")
                let location = String(parts[1])
                let components = location.split(separator: ":")
                let file: String
                if components.count == 3 {
                    let name = String(components[0])
                    file = name.hasPrefix("--set") ? name : directory.appendingPathComponent(name).path
                } else {
                    file = fixture.url.path
                }
                expected.append("\(parts[0]) \(file):\(components[components.count - 2]):\(components[components.count - 1])")
            }
        }
        let result = SpecChecker.check(file: fixture.url.path, options: CheckOptions(overrides: overrides))
        let actual = result.diagnostics.map { d in
            "\(d.code.rawValue) \(d.range.map { "\($0.file):\($0.start.line):\($0.start.column)" } ?? "-")"
        }
        #expect(actual == expected, "\(result.diagnostics.map(\.message))")
    }

    private func header(_ url: URL) throws -> [String] {
        let data = try Data(contentsOf: url)
        return String(decoding: data.prefix(600), as: UTF8.self).split(separator: "\n").prefix { $0.hasPrefix("#") }.map(String.init)
    }
}
