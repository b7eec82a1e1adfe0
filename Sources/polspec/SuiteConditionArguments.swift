import ArgumentParser
import Bench

/// The suite parameters of a run's episodes (docs/bench.md, "Stochasticity"), shared by
/// `polspec bench`, `demos`, `train` and `bench sanity`. Defaults: ``SuiteConditions/standard``.
struct SuiteConditionArguments: ParsableArguments {
    @Option(name: .customLong("init-noise"), help: "Scale of the per-episode initial-state noise (1: hand ±1 cm, bodies ±5 mm, boxes ±0.05 rad; 0: off).")
    var initialNoise = SuiteConditions.standard.initialNoise

    @Option(name: .customLong("action-noise"), help: "Standard deviation of Gaussian noise on every executed action value, in action units.")
    var actionNoise = SuiteConditions.standard.actionNoise

    @Option(name: .customLong("obs-noise"), help: "Standard deviation of Gaussian noise on observed positions (state, proprio, keypoints), metres.")
    var observationNoise = SuiteConditions.standard.observationNoise

    @Option(name: .customLong("actuation-lag"), help: "Position controller lag in [0, 0.95]: the share of the last step's move carried into this one.")
    var actuationLag = SuiteConditions.standard.actuationLag

    @Option(name: .customLong("actuation-gain-error"), help: "Per-episode controller gain error: each axis's gain is drawn from 1 ± this.")
    var actuationGainError = SuiteConditions.standard.actuationGainError

    @Option(name: .customLong("tracking-noise"), help: "Standard deviation of the controller's (correlated) tracking error, metres.")
    var trackingNoise = SuiteConditions.standard.trackingNoise

    /// The conditions, checked (a value out of range is a usage error naming its option).
    func conditions() throws -> SuiteConditions {
        let c = SuiteConditions(initialNoise: initialNoise, actionNoise: actionNoise, observationNoise: observationNoise,
                                actuationLag: actuationLag, actuationGainError: actuationGainError, trackingNoise: trackingNoise)
        try c.validate()
        return c
    }
}
