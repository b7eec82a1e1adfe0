import Foundation
import Testing
import TestSupport
@testable import SpecLang

/// Seeded mutations of the example specs (delete, duplicate and swap lines, flip and insert
/// characters, truncate): the checker never crashes or hangs, and every diagnostic points
/// inside the file it names.
@Suite struct FuzzTests {
    static let casesPerSpec = 400

    @Test func mutatedExampleSpecs() throws {
        let specs = Repository.exampleSpecs()
        #expect(specs.count >= 8)
        var rng = SplitMix64(seed: 0x5EED)
        var total = 0, rejected = 0
        for url in specs {
            let original = try [UInt8](Data(contentsOf: url))
            for _ in 0..<Self.casesPerSpec {
                let mutated = mutate(original, &rng)
                let result = SpecChecker.check(bytes: mutated, path: "fuzz.yaml")
                total += 1
                if result.hasErrors { rejected += 1 }
                #expect(result.hasErrors == (result.spec == nil))
                for d in result.diagnostics {
                    guard let range = d.range else {
                        Issue.record("\(d.code.rawValue) without a position: \(d.message)")
                        continue
                    }
                    #expect(range.file == "fuzz.yaml")
                    if let source = result.sources[range.file] {
                        #expect(source.contains(range.start), "\(d.code.rawValue) at \(range.start) outside the file: \(d.message)")
                    } else {
                        // Undecodable bytes (E0001) or an oversize file: check against raw lines.
                        let lines = mutated.split(separator: 0x0A, omittingEmptySubsequences: false)
                        #expect(range.start.line >= 1 && range.start.line <= max(lines.count, 1))
                        #expect(range.start.column >= 1 && range.start.column <= lines[range.start.line - 1].count + 1)
                    }
                }
            }
        }
        #expect(total == specs.count * Self.casesPerSpec)
        #expect(rejected > total / 2)
    }

    func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let rounds = 1 + Int(rng.next() % 3)
        var flat: [UInt8] = []
        for _ in 0..<rounds {
            guard !lines.isEmpty else { break }
            let i = Int(rng.next() % UInt64(lines.count)), j = Int(rng.next() % UInt64(lines.count))
            switch rng.next() % 7 {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: j)
            case 2: lines.swapAt(i, j)
            case 3:
                if !lines[i].isEmpty { lines[i][Int(rng.next() % UInt64(lines[i].count))] = UInt8(truncatingIfNeeded: rng.next()) }
            case 4:
                let tokens: [String] = [":", "[", "]", "{", "}", ",", "-", "\t", "&a ", "*a", "!!str ", "? ", "'", "\"", "#", "---", "0", "-1", "1e999", "~"]
                let token = Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8)
                lines[i].insert(contentsOf: token, at: Int(rng.next() % UInt64(lines[i].count + 1)))
            case 5:
                if !lines[i].isEmpty { lines[i].remove(at: Int(rng.next() % UInt64(lines[i].count))) }
            default:
                flat = Array(lines.joined(separator: [0x0A]))
                flat = Array(flat.prefix(Int(rng.next() % UInt64(flat.count + 1))))
                lines = flat.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            }
        }
        return Array(lines.joined(separator: [0x0A]))
    }
}
