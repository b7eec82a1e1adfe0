@testable import Bench
import Foundation
import Testing

/// python3, where installed (the fake environment's interpreter). At file scope: a suite's trait
/// cannot read a member of the type it is attached to.
let bridgeTestsPython: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The environment bridge against the fake environment process (Tests/Fixtures/bridge/fake_env.py,
/// Python standard library only): the handshake, both encodings, episodes pinned to seeds, demos
/// through the protocol, and every way a process can fail, each failing only its episode.
@Suite(.enabled(if: bridgeTestsPython != nil, "python3 is not installed"))
struct BridgeTests {
    static let python = bridgeTestsPython
    static let fake = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bridge/fake_env.py").path

    static func command(_ options: String = "") -> String { "\(python!) \(fake) \(options)" }

    static func suite(_ options: String = "", timeout: Double = 20, expert: Bool = true,
                      encodings: [EnvProtocol.Encoding] = [.binary, .json]) throws -> BridgeSuite {
        BridgeSuite(pool: try EnvWorkerPool(command: command(options), timeout: timeout, encodings: encodings), expertActions: expert)
    }

    static func run(_ suite: BridgeSuite, tasks: String, episodes: Int, policy: any Policy, workers: Int = 2,
                    shard: Shard = .whole) throws -> BenchReport {
        var plan = EvaluationPlan(suite: suite.name, selection: try suite.select(tasks), episodesPerTask: episodes, seed: 3,
                                  policy: policy.name, shard: shard)
        plan.environment = suite.environment
        return try BenchRun.run(suite: suite, plan: plan, policy: policy, polspecVersion: "test", threads: workers, batchSize: workers)
    }

    @Test func theHelloDescribesTheEnvironment() throws {
        let suite = try Self.suite()
        defer { suite.pool.shutdown() }
        #expect(suite.name == "fake" && suite.environment.version == "1.0" && suite.environment.protocolVersion == 1)
        #expect(suite.hello.encoding == .binary)
        #expect(suite.tasks.map(\.name).prefix(2) == ["reach", "push"] && suite.groups == ["easy", "hard", "faulty"])
        #expect(try suite.select("all").tasks.map(\.name) == ["reach", "push"])
        #expect(try suite.select("push,reach").name == "push,reach")
        #expect(throws: BenchUsageError.self) { try suite.select("nope") }
        let fields = suite.observationFields(for: try suite.select("all"))
        #expect(fields.map(\.name) == ["state", "proprio", "task_id", "instruction"])
        #expect(fields[0].privileged && !fields[1].privileged && fields[2].shape == [2])
        let json = try Self.suite(encodings: [.json])
        defer { json.pool.shutdown() }
        #expect(json.hello.encoding == .json)
        let onlyJSON = try Self.suite("--encoding json")
        defer { onlyJSON.pool.shutdown() }
        #expect(onlyJSON.hello.encoding == .json)
    }

    @Test func theExpertSolvesEveryEpisodeAndTheReportNamesTheEnvironment() throws {
        let suite = try Self.suite()
        defer { suite.pool.shutdown() }
        let report = try Self.run(suite, tasks: "all", episodes: 6, policy: ExpertPolicy(suite: suite))
        #expect(report.overall.successes == 12 && report.episodes.allSatisfy { $0.failure == nil })
        #expect(report.identity.environment?.name == "fake" && report.identity.conditions == nil)
        #expect(report.identity.observation?.track == .state)
        #expect(ReportTables.text(report).contains("environment: fake 1.0 (fake_env.py 1;"))
        let decoded = try JSONDecoder().decode(BenchReport.self, from: Data(try report.json().utf8))
        #expect(decoded.identity.environment == report.identity.environment)
    }

    /// Episode k is reset with seed k: the records are the same whatever the encoding, the number
    /// of processes or the sharding, and a merge of shards equals the whole run.
    @Test func episodesArePinnedToSeeds() throws {
        let binary = try Self.suite(), json = try Self.suite(encodings: [.json])
        defer { binary.pool.shutdown(); json.pool.shutdown() }
        let random = { RandomPolicy(actionDimension: 2) }
        let whole = try Self.run(binary, tasks: "all", episodes: 5, policy: random(), workers: 1)
        #expect(try Self.run(json, tasks: "all", episodes: 5, policy: random(), workers: 3).episodes == whole.episodes)
        let shards = try (1...3).map { i in
            (path: "shard \(i)", report: try Self.run(binary, tasks: "all", episodes: 5, policy: random(), shard: Shard(index: i, count: 3)))
        }
        let merged = try ReportMerge.merge(shards)
        #expect(merged.episodes == whole.episodes && merged.tasks == whole.tasks && merged.overall == whole.overall)
        // Another version of the environment is another run.
        let other = try Self.suite("--version 2.0")
        defer { other.pool.shutdown() }
        var mixed = shards
        mixed[2].report = try Self.run(other, tasks: "all", episodes: 5, policy: random(), shard: Shard(index: 3, count: 3))
        #expect(throws: BenchUsageError.self) { try ReportMerge.merge(mixed) }
    }

    /// The fake environment's 3x5x5 camera at a step: byte i is (7 i + step) mod 256.
    static func camera(step: Int) -> [UInt8] {
        (0..<75).map { (i: Int) -> UInt8 in UInt8((i * 7 + step) % 256) }
    }

    @Test func byteFieldsArriveIntactInBothEncodings() throws {
        for encodings in [[EnvProtocol.Encoding.binary], [.json]] {
            let suite = try Self.suite("--image 5", encodings: encodings)
            defer { suite.pool.shutdown() }
            let selection = try suite.select("reach")
            let env = suite.makeEnvironment(selection: selection, taskIndex: 0, configuration: .evaluation(0), seed: 0)
            var batch = ObservationBatch(fields: suite.observationFields(for: selection), rows: 1)
            env.writeObservation(into: &batch, row: 0, privileged: false)
            #expect(Array(batch.bytes("camera")!) == Self.camera(step: 0))
            _ = [Float](repeating: 0.5, count: 2).withUnsafeBufferPointer { env.step($0) }
            env.writeObservation(into: &batch, row: 0, privileged: false)
            #expect(Array(batch.bytes("camera")!) == Self.camera(step: 1))
            #expect(batch.floats("task_id")! == [1] && batch.texts("instruction")!.first == "reach the goal (seed 0)")
        }
    }

    /// A crash, a hang, a reply outside the protocol and the environment's own error each fail
    /// their episode with the reason; the episodes after them run normally.
    @Test func brokenProcessesFailOnlyTheirEpisodes() throws {
        let suite = try Self.suite(timeout: 1.5)
        defer { suite.pool.shutdown() }
        let report = try Self.run(suite, tasks: "crash,hang,garbage,error,reach", episodes: 2, policy: ExpertPolicy(suite: suite))
        func failures(_ task: String) -> [String] { report.episodes.filter { $0.task == task }.compactMap(\.failure) }
        #expect(failures("crash").count == 2 && failures("crash").allSatisfy { $0.contains("step 3: the environment process exited with status 3") })
        #expect(failures("hang").allSatisfy { $0.contains("no reply within 1.5 s") } && failures("hang").count == 2)
        #expect(failures("garbage").allSatisfy { $0.contains("malformed reply") && $0.contains("this is not the protocol") })
        #expect(failures("error").allSatisfy { $0.contains("reported an error: RuntimeError: cannot reset task 'error'") })
        #expect(report.episodes.filter { $0.task == "reach" }.allSatisfy { $0.success && $0.failure == nil })
        #expect(report.tasks.first { $0.name == "crash" }?.successes == 0)
        #expect(ReportTables.text(report).contains("environment failures: 8 of 10 episodes"))
        #expect(suite.pool.started > 2)
    }

    @Test func aCommandThatDoesNotSpeakTheProtocolIsAnError() throws {
        func failure(_ command: String, timeout: Double = 5) -> String {
            do {
                let pool = try EnvWorkerPool(command: command, timeout: timeout)
                pool.shutdown()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(failure("exit 7").contains("exited with status 7 while polspec waited for the hello"))
        #expect(failure("echo hello").contains("not a JSON object (\"hello\")"))
        #expect(failure("read line; echo '{\"type\": \"hello\", \"protocol\": 2}'").contains("speaks protocol 2, this polspec 1"))
        #expect(failure(Self.command("--slow-start 5"), timeout: 0.5).contains("no reply within 0.5 s while waiting for the hello"))
        #expect(failure("read line; echo '{\"type\": \"hello\", \"protocol\": 1, \"encoding\": \"json\", \"env\": {\"name\": \"x\", \"version\": \"1\"}, \"tasks\": []}'")
            .contains("'tasks' must list at least one task"))
    }

    /// Demos through the protocol: the expert's actions as labels, training seeds (1,000,000 and
    /// up) that no evaluation episode uses, in polspec's dataset format.
    @Test func demosAreRecordedFromTrainingSeeds() throws {
        let suite = try Self.suite()
        defer { suite.pool.shutdown() }
        let selection = try suite.select("all")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-bridge-demos-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 4, noise: 0, seed: 0, directory: directory,
                                       polspecVersion: "test")
        let data = try DemoDataset(directory: directory)
        #expect(data.manifest.parameters.suite == "fake" && data.episodes.count == 8 && data.episodes.allSatisfy(\.success))
        // The environment, not the built-in suites' conditions and simulator revision, made them.
        let parameters = data.manifest.parameters
        #expect(parameters.environment == suite.environment && parameters.conditions == nil && parameters.simulatorRevision == nil)
        #expect(data.manifest.observationFields.map(\.name) == ["state", "proprio", "task_id", "instruction"])
        func start(_ configuration: Configuration, task: Int) -> [Float] {
            let env = suite.makeEnvironment(selection: selection, taskIndex: task, configuration: configuration, seed: 0)
            var batch = ObservationBatch(fields: suite.observationFields(for: selection), rows: 1)
            env.writeObservation(into: &batch, row: 0, privileged: false)
            return Array(batch.floats("state")!)
        }
        let evaluationStarts = Set((0..<50).flatMap { k in (0..<2).map { start(.evaluation(k), task: $0) } })
        for e in data.episodes {
            let first = Array(e.observations["state"]![0..<4])
            #expect(first == start(.training(e.goalIndex), task: e.taskIndex) && !evaluationStarts.contains(first))
        }
        #expect(EnvProtocol.seed(of: .training(3)) == 1_000_003 && EnvProtocol.seed(of: .evaluation(3)) == 3)
    }
}
