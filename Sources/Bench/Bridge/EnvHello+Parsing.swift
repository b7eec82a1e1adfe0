import Foundation

extension EnvHello {
    /// Reads and checks an environment's hello reply (a decoded JSON object).
    init(parsing object: [String: Any]) throws {
        func fail(_ message: String) -> EnvBridgeError { EnvBridgeError("malformed hello from the environment: \(message)") }
        guard object["type"] as? String == "hello" else {
            if object["type"] as? String == "error" { throw EnvBridgeError("the environment refused the hello: \(object["message"] as? String ?? "no message")") }
            throw fail("expected a message of type hello")
        }
        guard let version = object["protocol"] as? Int, version == EnvProtocol.version else {
            throw EnvBridgeError("the environment speaks protocol \(object["protocol"].map { "\($0)" } ?? "(none)"), this polspec \(EnvProtocol.version)")
        }
        guard let encodingName = object["encoding"] as? String, let encoding = EnvProtocol.Encoding(rawValue: encodingName) else {
            throw fail("'encoding' must be one of \(EnvProtocol.Encoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let env = object["env"] as? [String: Any], let name = env["name"] as? String, Self.isName(name),
              let envVersion = env["version"] as? String else {
            throw fail("'env' needs a 'name' (letters, digits, '-', '_', '.') and a 'version'")
        }
        var info: [String: String]?
        if let given = env["info"] {
            guard let map = given as? [String: Any] else { throw fail("'env.info' must map names to strings") }
            info = try map.mapValues { value in
                guard let text = value as? String else { throw fail("'env.info' must map names to strings") }
                return text
            }
        }
        identity = EnvironmentIdentity(name: name, version: envVersion, adapter: env["adapter"] as? String, info: info)
        self.encoding = encoding

        guard let taskList = object["tasks"] as? [[String: Any]], !taskList.isEmpty else { throw fail("'tasks' must list at least one task") }
        tasks = try taskList.map { t in
            guard let name = t["name"] as? String, Self.isName(name) else { throw fail("every task needs a 'name' (letters, digits, '-', '_', '.')") }
            return TaskInfo(name: name, group: t["group"] as? String ?? "all", instruction: t["instruction"] as? String ?? "")
        }
        guard Set(tasks.map(\.name)).count == tasks.count else { throw fail("task names must be unique") }
        let groupNames = object["groups"] as? [String] ?? []
        groups = groupNames + tasks.map(\.group).filter { !groupNames.contains($0) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        let known = Set(tasks.map(\.name))
        taskSets = try (object["task_sets"] as? [[String: Any]] ?? []).map { set in
            guard let name = set["name"] as? String, let members = set["tasks"] as? [String], !members.isEmpty else {
                throw fail("every task set needs a 'name' and a non-empty 'tasks' list")
            }
            if let unknown = members.first(where: { !known.contains($0) }) { throw fail("task set '\(name)' names unknown task '\(unknown)'") }
            return (name.lowercased(), members)
        }
        defaultTasks = object["default_tasks"] as? String ?? tasks.map(\.name).joined(separator: ",")

        guard let fields = object["observation"] as? [[String: Any]], !fields.isEmpty else { throw fail("'observation' must list at least one field") }
        observation = try fields.map { f in
            guard let name = f["name"] as? String, Self.isName(name) else { throw fail("every observation field needs a 'name'") }
            guard !EnvHello.polspecFields.contains(name) else { throw fail("observation field '\(name)' is polspec's own (it adds \(EnvHello.polspecFields.sorted().joined(separator: " and ")))") }
            guard let kindName = f["kind"] as? String, let kind = FieldSpec.Kind(rawValue: kindName), kind != .text else {
                throw fail("field '\(name)': 'kind' must be float32 or uint8 (the instruction comes with the reset)")
            }
            guard let shape = f["shape"] as? [Int], shape.allSatisfy({ $0 >= 1 }) else { throw fail("field '\(name)': 'shape' must be a list of positive integers") }
            var count = 1
            for extent in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard !overflow, product <= 1 << 28 else { throw fail("field '\(name)' is larger than 2^28 values") }
                count = product
            }
            return FieldSpec(name: name, kind: kind, shape: shape, privileged: f["privileged"] as? Bool ?? false)
        }
        guard Set(observation.map(\.name)).count == observation.count else { throw fail("observation field names must be unique") }
        guard let action = object["action"] as? [String: Any], let dimension = action["dim"] as? Int, (1...4096).contains(dimension) else {
            throw fail("'action.dim' must be an integer in 1...4096")
        }
        actionDimension = dimension
        actionLow = Float((action["low"] as? Double) ?? -1)
        actionHigh = Float((action["high"] as? Double) ?? 1)
        guard actionLow < actionHigh else { throw fail("'action.low' must be below 'action.high'") }
        guard let cap = object["max_steps"] as? Int, (1...10_000_000).contains(cap) else { throw fail("'max_steps' must be an integer in 1...10,000,000") }
        maxSteps = cap
        expert = object["expert"] as? Bool ?? false
    }

    /// The fields polspec adds to every environment's observations: the task one-hot and the instruction.
    static let polspecFields: Set<String> = ["task_id", "instruction"]

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 200 && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
            && text.unicodeScalars.allSatisfy(\.isASCII)
    }
}
