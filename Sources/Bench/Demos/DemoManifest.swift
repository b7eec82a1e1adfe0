import Foundation

/// Why demos could not be made or read (exit code 3 in the CLI).
public struct DemoError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The parameters that define a demo dataset; two calls with equal parameters make identical files.
public struct DemoParameters: Sendable, Equatable, Codable {
    public var suite: String
    public var tasks: [String]
    public var goalSplit: String
    public var goalVisible: Bool
    public var perTask: Int
    /// Standard deviation of the Gaussian noise added to the executed actions (DART).
    public var noise: Double
    public var seed: UInt64
    /// Camera image side and depth of suites with cameras (nil otherwise).
    public var imageSize: Int?
    public var cameraDepth: Bool?
    /// The configurations the episodes start from: `training` (the default) or, forced, `evaluation`.
    public var configurations: ConfigurationStream
    /// The episodes' noise and actuation model (nil for an environment process, whose own apply).
    public var conditions: SuiteConditions?
    /// The dynamics the demos were recorded under (``SimulatorRevision``); nil for an environment
    /// process, and in manifests written before revisions were recorded (revision 1).
    public var simulatorRevision: Int?
    /// The environment process the demos were recorded in (`polspec demos --env`); nil for a built-in suite.
    public var environment: EnvironmentIdentity?

    /// The parameters of demos of `selection` of `suite`: a built-in suite's conditions and
    /// simulator revision, or an environment process's identity.
    public init(suite: any BenchSuite, selection: TaskSelection, perTask: Int, noise: Double, seed: UInt64,
                configurations: ConfigurationStream = .training) {
        self.suite = suite.name
        tasks = selection.tasks.map(\.name)
        goalSplit = selection.goalSplit
        goalVisible = selection.goalVisible
        self.perTask = perTask
        self.noise = noise
        self.seed = seed
        imageSize = selection.imageSize
        cameraDepth = selection.imageSize == nil ? nil : selection.cameraDepth
        self.configurations = configurations
        if let bridge = suite as? BridgeSuite {
            environment = bridge.environment
        } else {
            conditions = selection.conditions
            simulatorRevision = SimulatorRevision.current
        }
    }

    enum CodingKeys: String, CodingKey {
        case suite, tasks, noise, seed, configurations, conditions, environment
        case goalSplit = "goal_split"
        case goalVisible = "goal_visible"
        case perTask = "per_task"
        case imageSize = "image_size"
        case cameraDepth = "camera_depth"
        case simulatorRevision = "simulator_revision"
    }
}

/// One task's file in a demo dataset.
public struct DemoFileEntry: Sendable, Equatable, Codable {
    public var task: String
    public var file: String
    public var episodes: Int
    public var steps: Int
}

/// manifest.json of a demo dataset (see docs/datasets.md).
public struct DemoManifest: Sendable, Equatable, Codable {
    public static let formatName = "polspec-demos"
    public static let formatVersion = 2

    public var format = DemoManifest.formatName
    public var version = DemoManifest.formatVersion
    public var parameters: DemoParameters
    public var polspecVersion: String
    public var observationFields: [FieldSpec]
    public var actionDimension: Int
    public var files: [DemoFileEntry]

    enum CodingKeys: String, CodingKey {
        case format, version, parameters, files
        case polspecVersion = "polspec_version"
        case observationFields = "observation_fields"
        case actionDimension = "action_dimension"
    }

    public static let fileName = "manifest.json"

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads `directory/manifest.json`; nil if there is none.
    public static func read(in directory: URL) throws -> DemoManifest? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        struct Header: Decodable { var format: String; var version: Int }
        do {
            let data = try Data(contentsOf: url)
            let header = try JSONDecoder().decode(Header.self, from: data)
            guard header.format == formatName else { throw DemoError("\(url.path): not a \(formatName) manifest") }
            guard header.version == formatVersion else {
                throw DemoError("\(url.path): demos of format v\(header.version), this polspec reads v\(formatVersion); record them again (polspec demos ... --force)")
            }
            return try JSONDecoder().decode(DemoManifest.self, from: data)
        } catch let e as DemoError { throw e } catch {
            throw DemoError("\(url.path) is not a demo manifest (\(error))")
        }
    }
}
