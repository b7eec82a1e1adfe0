import Testing
@testable import Bench

/// Which tasks' demos train a policy for an evaluation: the evaluated tasks themselves, or for a
/// suite with splits the single tasks of the split's training scenes (``BenchSuite/demoSelection(split:tasks:)``).
@Suite struct DemoSelectionTests {
    @Test func aSuiteWithoutSplitsDemonstratesTheEvaluatedTasks() throws {
        let (suite, evaluated) = try Suites.resolve(suite: "libero-like/spatial", tasks: nil, imageSize: 128, conditions: .standard)
        #expect(suite.splits.isEmpty)
        #expect(try Suites.demoSelection(for: evaluated, of: suite) == evaluated)
        let (_, demos) = try Suites.resolveDemos(suite: "metaworld-like", tasks: "reach,push", split: nil)
        #expect(demos.tasks.map(\.name) == ["reach", "push"])
        #expect(throws: BenchUsageError("--split is for suites with splits; suite 'metaworld-like' has none")) {
            try Suites.resolveDemos(suite: "metaworld-like", tasks: nil, split: "d-d")
        }
    }

    @Test func aSuiteWithSplitsDemonstratesItsTrainingScenes() throws {
        var conditions = SuiteConditions.standard
        conditions.actionNoise = 0.1
        let (suite, evaluated) = try Suites.resolve(suite: "calvin-like/abc-d", tasks: nil, imageSize: 128, depth: true, conditions: conditions)
        #expect(suite.splits == ["d-d", "abc-d"])
        let demos = try Suites.demoSelection(for: evaluated, of: suite)
        #expect(demos.name == "play-abc-d" && demos.tasks.count == 34)
        #expect(demos.imageSize == 128 && demos.cameraDepth && demos.conditions == conditions)
        #expect(try Suites.resolveDemos(suite: "calvin-like", tasks: nil, split: nil).1.goalSplit == "abc-d")
        #expect(try Suites.resolveDemos(suite: "calvin-like/d-d", tasks: "open_drawer", split: nil).1.tasks.map(\.name) == ["open_drawer"])
        #expect(throws: BenchUsageError("give the split once: as --suite NAME/SPLIT or --split")) {
            try Suites.resolveDemos(suite: "calvin-like/d-d", tasks: nil, split: "abc-d")
        }
    }
}
