import Compiler
import Foundation

/// A fixture written by Tests/Fixtures/golden/make_golden.py: named tensors, each as a line
/// `tensor NAME D0 D1 ...` followed by a line of values.
struct GoldenFixture {
    var tensors: [String: (shape: Shape, values: [Double])] = [:]

    init(_ file: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden/\(file)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        for index in stride(from: 0, to: lines.count - 1, by: 2) {
            let header = lines[index].split(separator: " ")
            guard header.first == "tensor", header.count >= 2 else { throw FixtureError(file: file, line: index + 1) }
            let dims = try header.dropFirst(2).map { (text: Substring) throws -> Int in
                guard let value = Int(text) else { throw FixtureError(file: file, line: index + 1) }
                return value
            }
            let values = try lines[index + 1].split(separator: " ").map { (text: Substring) throws -> Double in
                guard let value = Double(text) else { throw FixtureError(file: file, line: index + 2) }
                return value
            }
            guard values.count == Shape(dims).elementCount else { throw FixtureError(file: file, line: index + 2) }
            tensors[String(header[1])] = (Shape(dims), values)
        }
    }

    /// The tensor `name` as f32.
    func host(_ name: String) -> HostTensor {
        let tensor = tensors[name]!
        return HostTensor(shape: tensor.shape, floats: tensor.values.map(Float.init))
    }

    /// The f32 tensors of every input and parameter of `graph`, by name.
    func feeds(for graph: Graph) -> [String: HostTensor] {
        var feeds: [String: HostTensor] = [:]
        for name in graph.inputs.map(\.name) + graph.parameters.map(\.name) { feeds[name] = host(name) }
        return feeds
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let file: String
    let line: Int
    var description: String { "\(file):\(line): malformed fixture line" }
}
