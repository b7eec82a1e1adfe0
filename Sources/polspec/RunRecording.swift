import Foundation
import Runtime
import SpecLang

/// Writes the run record (`run.json`, `spec.yaml`, `sources/`: Runtime's ``RunRecord``) of the
/// command running now into a run or report folder. `train` and `bench` call it before they
/// train or once their report is written.
enum RunRecording {
    /// Records this command line with `spec` (nil for a built-in policy) and the options that
    /// shape the run besides the spec (nil values left out).
    static func record(into folder: URL, spec: Spec?, options: [String: String?]) throws {
        let invocation = RunRecord.Invocation(polspecVersion: Polspec.version, command: ["polspec"] + CommandLine.arguments.dropFirst(),
                                              spec: nil, options: options.compactMapValues { $0 })
        do {
            try RunRecord.append(invocation, spec: spec, to: folder)
        } catch {
            throw RuntimeFailure(["\(error)"])
        }
    }

    /// The options recorded with the run whose resolved spec is `specPath` (`RUN/spec.yaml`
    /// next to a `run.json`), for `polspec train RUN/spec.yaml` to train it again; empty for any
    /// other spec file.
    static func recordedOptions(forSpec specPath: String) throws -> [String: String] {
        let url = URL(fileURLWithPath: specPath)
        guard url.lastPathComponent == RunRecord.specFile else { return [:] }
        do {
            return try RunRecord.read(url.deletingLastPathComponent())?.latest?.options ?? [:]
        } catch {
            throw UsageError("\(error)")
        }
    }
}
