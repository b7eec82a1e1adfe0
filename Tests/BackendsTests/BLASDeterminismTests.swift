import Backends
import Compiler
import Testing

/// For a fixed thread count, results are bit-identical from run to run and from executable
/// to executable (partitions depend only on the thread count; every reduction has a fixed
/// order).
@Suite struct BLASDeterminismTests {
    @Test(arguments: [1, 2])
    func resultsAreBitIdentical(threads: Int) throws {
        let graph = try BLASFusionTests.transformerTraining(batch: 4, tokens: 16, dim: 64, heads: 4)
        let program = try compile(graph).program
        let feeds = randomFeeds(graph, seed: 8)
        var results: [[String: HostTensor]] = []
        for _ in 0..<2 {
            let executable = BLASExecutable(program: program, threads: threads)
            try executable.set(feeds)
            for _ in 0..<2 {
                try executable.run()
                results.append(Dictionary(uniqueKeysWithValues: graph.outputs.map { ($0.name, executable.output($0.name)!) }))
            }
        }
        for result in results.dropFirst() { #expect(result == results[0]) }
    }
}
