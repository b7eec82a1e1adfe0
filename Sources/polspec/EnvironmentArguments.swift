import ArgumentParser
import Bench
import Foundation

/// `--env CMD` and its options, shared by `polspec bench`, `bench speed`, `demos` and `train`: an
/// environment that runs in child processes and speaks polspec's environment protocol
/// (docs/env-protocol.md) takes the place of a built-in suite.
struct EnvironmentArguments: ParsableArguments {
    @Option(name: .customLong("env"), help: ArgumentHelp("Run the episodes in an environment process: a command (run by /bin/sh) that speaks polspec's environment protocol, e.g. \"/work/venv-mw/bin/python tools/envs/metaworld_env.py\" (docs/env-protocol.md). Replaces --suite.", valueName: "command"))
    var command: String?

    @Option(name: .customLong("env-workers"), help: "With --env: environment processes run in parallel, one episode each (default: the number of cores).")
    var workers: Int?

    @Option(name: .customLong("env-timeout"), help: ArgumentHelp("With --env: seconds to wait for any one reply of an environment process before the episode is failed (default 60).", valueName: "seconds"))
    var givenTimeout: Double?

    @Option(name: .customLong("env-encoding"), help: "With --env: the message framing polspec offers: binary (length-prefixed frames; the default) or json (JSON lines).")
    var givenEncoding: EnvProtocol.Encoding?

    @Option(name: .customLong("env-logs"), help: ArgumentHelp("With --env: folder for the processes' stderr, worker-<n>.log (default: OUT/env-logs).", valueName: "dir"))
    var logs: String?

    /// Processes to run (`--env-workers`, else the core count).
    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }
    /// Seconds to wait for one reply (`--env-timeout`, else 60).
    var timeout: Double { givenTimeout ?? 60 }
    /// The preferred framing (`--env-encoding`, else binary).
    var encoding: EnvProtocol.Encoding { givenEncoding ?? .binary }

    func validate() throws {
        if command == nil && (workers != nil || logs != nil || givenTimeout != nil || givenEncoding != nil) {
            throw ValidationError("--env-workers, --env-timeout, --env-encoding and --env-logs need --env")
        }
        if let workers, !(1...1024).contains(workers) { throw ValidationError("--env-workers must be in 1...1024") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--env-timeout must be a positive number of seconds") }
    }

    /// Starts the first environment process and resolves `--tasks` against its hello; nil without `--env`.
    /// `logs` is the default log folder (`--env-logs` overrides it); `expert` asks for the
    /// scripted expert's action with every observation (demos, `--policy expert`).
    /// `suiteOptions` are the built-in suites' options (name, given): any given is refused.
    func resolve(tasks: String?, logs defaultLogs: URL, expert: Bool, suiteOptions: [(String, Bool)] = []) throws -> (BridgeSuite, TaskSelection)? {
        guard let command else { return nil }
        if let (option, _) = suiteOptions.first(where: \.1) { throw BenchUsageError("\(option) is for the built-in suites; it does not apply with --env") }
        let logs = self.logs.map { URL(fileURLWithPath: $0) } ?? defaultLogs
        let offered: [EnvProtocol.Encoding] = encoding == .binary ? [.binary, .json] : [.json]
        let pool = try EnvWorkerPool(command: command, timeout: timeout, logDirectory: logs, encodings: offered)
        if expert && !pool.hello.expert {
            throw BenchUsageError("environment '\(pool.hello.identity.name)' has no scripted expert (its hello says expert: false)")
        }
        let suite = BridgeSuite(pool: pool, expertActions: expert)
        return (suite, try suite.select(tasks ?? suite.defaultTasks))
    }

    /// The default log folder when no output folder is given: runs/env-logs-<UTC timestamp>.
    static func defaultLogFolder() -> URL {
        ReportFiles.defaultDirectory(suite: "env", policy: "logs", shard: .whole)
    }
}

extension EnvProtocol.Encoding: ExpressibleByArgument {}
