import Bench
import Lowering
import SpecLang

/// Which built-in suites provide every observation a spec's policy reads, with the name, kind
/// and shape it declares, exactly as `polspec train --suite` and `bench` would feed them
/// (``ObservationSource/resolve(_:fields:suite:)``). Suites with cameras are tried at the
/// spec's image side and with depth when the spec reads a depth image.
public enum SuiteFit {
    /// Every (suite, task set) whose observation fields fit `spec`, in suite order; a suite whose
    /// every set fits is given once by its name.
    public static func suites(for spec: Spec) -> [String] {
        let inputs = PolicyGraph.observations(of: spec)
        var fitting: [String] = []
        for suite in Suites.all {
            let sets = unique([suite.defaultTasks] + suite.setNames)
            let fits = sets.filter { set in
                guard let selection = selection(suite, set, for: inputs) else { return false }
                return (try? ObservationSource.resolve(inputs, fields: suite.observationFields(for: selection), suite: suite.name)) != nil
            }
            fitting += fits.count == sets.count ? [suite.name] : fits.map { "\(suite.name)/\($0)" }
        }
        return fitting
    }

    /// Throws, naming every mismatch, unless `selection` of `suite` provides every observation
    /// `spec` reads and lets its policy read them (``ObservationSet``): what `train` and `bench`
    /// ask before recording demos.
    public static func require(_ spec: Spec, suite: any BenchSuite, selection: TaskSelection) throws(TrainingDataError) {
        let inputs = PolicyGraph.observations(of: spec), fields = suite.observationFields(for: selection)
        _ = try ObservationSource.resolve(inputs, fields: fields, suite: suite.name)
        do {
            try selection.observations.check(read: Set(inputs.map(\.name)), fields: fields, suite: suite.name)
        } catch {
            throw TrainingDataError(error.description)
        }
    }

    /// `polspec check`'s answer (``CheckOptions/runSupport``): the fitting suites, and when there
    /// is none a note (N0601) at the `observation` section naming what no suite provides.
    @Sendable public static func runSupport(_ spec: Spec) -> RunSupport {
        let suites = suites(for: spec)
        guard suites.isEmpty else { return RunSupport(suites: suites, notes: []) }
        let read = PolicyGraph.observations(of: spec).map { "'\($0.name)' (\($0.port.type))" }.joined(separator: ", ")
        let note = Diagnostic(.noSuite, "no built-in suite provides the observations this spec reads (\(read)): `polspec train --suite` and `bench` cannot run it",
                              at: spec.sourceMap.range("observation"),
                              help: "train it on a dataset that has them (polspec train --data), or use a suite's observation names and shapes (docs/bench.md)")
        return RunSupport(suites: [], notes: [note])
    }

    /// The selection of `set` of `suite` with cameras at the spec's image side (nil when the
    /// side is one the suite cannot render or the set does not resolve).
    private static func selection(_ suite: any BenchSuite, _ set: String, for inputs: [ObservationInput]) -> TaskSelection? {
        let images = inputs.filter { $0.port.type.kind == .image }
        let sides = Set(images.map { $0.port.type.frameShape.last ?? 0 })
        let depth = images.contains { $0.name.hasSuffix("_depth") }
        guard sides.count <= 1 else { return nil }
        var size = sides.first
        if let side = size, side == Render.defaultImageSide { size = nil }
        return try? Suites.resolve(suite: "\(suite.name)/\(set)", tasks: nil, imageSize: size, depth: depth).1
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
