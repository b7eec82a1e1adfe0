import ArgumentParser
import Bench

/// The suite parameters of a run's episodes (docs/bench.md, "Stochasticity"), shared by
/// `polspec bench`, `demos`, `train` and `bench sanity`. An option not given takes the value a
/// recorded run used (`polspec train RUN/spec.yaml`), else ``SuiteConditions/standard``'s.
struct SuiteConditionArguments: ParsableArguments {
    @Option(name: .customLong("init-noise"),
            help: "Scale of the per-episode initial-state noise (1: hand ±1 cm, bodies ±5 mm, boxes ±0.05 rad; 0: off). Default: \(SuiteConditions.standard.initialNoise).")
    var initialNoise: Double?

    @Option(name: .customLong("action-noise"),
            help: "Standard deviation of Gaussian noise on every executed action value, in action units. Default: \(SuiteConditions.standard.actionNoise).")
    var actionNoise: Double?

    @Option(name: .customLong("obs-noise"),
            help: "Standard deviation of Gaussian noise on observed positions (state, proprio, keypoints), metres. Default: \(SuiteConditions.standard.observationNoise).")
    var observationNoise: Double?

    @Option(name: .customLong("actuation-lag"),
            help: "Position controller lag in [0, 0.95]: the share of the last step's move carried into this one. Default: \(SuiteConditions.standard.actuationLag).")
    var actuationLag: Double?

    @Option(name: .customLong("actuation-gain-error"),
            help: "Per-episode controller gain error: each axis's gain is drawn from 1 ± this. Default: \(SuiteConditions.standard.actuationGainError).")
    var actuationGainError: Double?

    @Option(name: .customLong("tracking-noise"),
            help: "Standard deviation of the controller's (correlated) tracking error, metres. Default: \(SuiteConditions.standard.trackingNoise).")
    var trackingNoise: Double?

    @Option(name: .customLong("camera-randomization"),
            help: "Suites with cameras: scale of the per-episode camera pose jitter (1: agentview eye ±5 cm, target ±3 cm, field of view ±3°; wrist eye ±1 cm, target ±2 cm; in [0, 2]). Default: \(SuiteConditions.standard.cameraRandomization).")
    var cameraRandomization: Double?

    /// The conditions, checked (a value out of range is a usage error naming its option): each
    /// option given, else its value in `recorded` (a run record's options, keyed by option
    /// name), else the standard one.
    func conditions(recorded: [String: String] = [:]) throws -> SuiteConditions {
        let standard = SuiteConditions.standard
        func value(_ given: Double?, _ name: String, _ fallback: Double) throws -> Double {
            if let given { return given }
            guard let text = recorded[name] else { return fallback }
            guard let number = Double(text) else { throw UsageError("the run record's --\(name) '\(text)' is not a number") }
            return number
        }
        let c = SuiteConditions(initialNoise: try value(initialNoise, "init-noise", standard.initialNoise),
                                actionNoise: try value(actionNoise, "action-noise", standard.actionNoise),
                                observationNoise: try value(observationNoise, "obs-noise", standard.observationNoise),
                                actuationLag: try value(actuationLag, "actuation-lag", standard.actuationLag),
                                actuationGainError: try value(actuationGainError, "actuation-gain-error", standard.actuationGainError),
                                trackingNoise: try value(trackingNoise, "tracking-noise", standard.trackingNoise),
                                cameraRandomization: try value(cameraRandomization, "camera-randomization", standard.cameraRandomization))
        try c.validate()
        return c
    }

    /// `conditions` as run-record options (every value, so that a later default change does
    /// not change what reproducing the run means).
    static func recordedOptions(_ c: SuiteConditions) -> [String: String?] {
        ["init-noise": "\(c.initialNoise)", "action-noise": "\(c.actionNoise)", "obs-noise": "\(c.observationNoise)",
         "actuation-lag": "\(c.actuationLag)", "actuation-gain-error": "\(c.actuationGainError)", "tracking-noise": "\(c.trackingNoise)",
         "camera-randomization": "\(c.cameraRandomization)"]
    }
}
