import Backends
import Foundation

/// What the trainer reports after every optimizer step (for a progress bar).
public struct TrainingProgress: Sendable, Equatable {
    public var stage: String
    public var stageIndex: Int
    public var stageCount: Int
    /// Steps of the stage done, and its total.
    public var step: Int
    public var steps: Int
    /// Steps of the whole recipe done, and its total.
    public var globalStep: Int
    public var totalSteps: Int
    /// Loss of the step just taken.
    public var loss: Double
    public var learningRate: Double
    /// Optimizer steps per second in this process so far.
    public var stepsPerSecond: Double
    public var elapsedSeconds: Double

    /// Seconds until the recipe is done at the current rate.
    public var etaSeconds: Double {
        stepsPerSecond > 0 ? Double(totalSteps - globalStep) / stepsPerSecond : 0
    }
}

/// How a training run ended without an error.
public enum TrainingOutcome: Sendable, Equatable {
    /// Every stage is done; the checkpoint holds the final weights.
    case finished(checkpoint: URL)
    /// Stopped after the global step asked for (`--until-step`), with a checkpoint there.
    case stopped(checkpoint: URL, globalStep: Int)
    /// Stopped on request (Ctrl-C) after writing a checkpoint.
    case interrupted(checkpoint: URL, globalStep: Int)

    /// The checkpoint written last.
    public var checkpoint: URL {
        switch self {
        case .finished(let url), .stopped(let url, _), .interrupted(let url, _): return url
        }
    }
}

/// How often the trainer checkpoints and logs, and where it stops.
public struct TrainingOptions: Sendable {
    /// Write a checkpoint every this many optimizer steps (counted over the whole recipe), and
    /// at the end of every stage.
    public var checkpointEvery: Int
    /// Append a metrics record every this many steps (and at the end of every stage).
    public var logEvery: Int
    /// Stop (with a checkpoint) after this global step; nil runs the whole recipe.
    public var stopAfter: Int?
    /// The backend that runs the training programs (default: BLAS on every core). Runs are
    /// bit-for-bit reproducible for a fixed backend and thread count.
    public var backend: any Backend
    /// Recorded in checkpoints.
    public var polspecVersion: String

    public init(checkpointEvery: Int = 1000, logEvery: Int = 10, stopAfter: Int? = nil,
                backend: any Backend = BLASBackend(threads: ProcessInfo.processInfo.activeProcessorCount), polspecVersion: String) {
        self.checkpointEvery = checkpointEvery
        self.logEvery = logEvery
        self.stopAfter = stopAfter
        self.backend = backend
        self.polspecVersion = polspecVersion
    }
}
