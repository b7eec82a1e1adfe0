import ArgumentParser
import Compiler
import Lowering
import Foundation
import SpecLang

/// A spec checked for `build` and `infer`: its diagnostics already reported (warnings on
/// stderr; errors on stdout with exit status 1, as `polspec check` does).
struct CheckedSpec {
    let spec: Spec
    let result: CheckResult

    /// Checks `path` with `overrides`; a missing file is a usage error (exit 2), a spec with
    /// errors exits 1.
    init(path: String, overrides: [String]) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such spec file: \(path)") }
        for argument in overrides where !argument.contains("=") {
            throw UsageError("--set expects key.path=value, found '\(argument)'")
        }
        try self.init(result: SpecChecker.check(file: path, options: CheckOptions(overrides: overrides)))
    }

    /// A check that was made already (of a checkpoint's spec.json, say).
    init(result: CheckResult) throws {
        guard let spec = result.spec, !result.hasErrors else {
            print(CheckReport.render([result], format: .human), terminator: "")
            throw ExitCode(ExitStatus.specErrors)
        }
        for diagnostic in result.diagnostics {
            FileHandle.standardError.write(Data(DiagnosticRenderer.human(diagnostic, sources: result.sources).utf8))
        }
        self.spec = spec
        self.result = result
    }
}
