import SpecLang
import Testing
@testable import Runtime

/// Learning-rate schedules against transformers' warm-up schedules (schedules.json).
@Suite struct ScheduleTests {
    @Test func factorsMatchReference() throws {
        let cases = try #require(try Fixtures.json("schedules.json")["cases"] as? [[String: Any]])
        #expect(cases.count == 6)
        for testCase in cases {
            let kind = try #require(testCase["kind"] as? String)
            let steps = try #require(testCase["steps"] as? Int), warmup = try #require(testCase["warmup"] as? Int)
            let final = try #require(testCase["final_ratio"] as? Double)
            let schedule: ScheduleKind
            switch kind {
            case "constant":
                var c = ConstantSchedule()
                c.warmup = warmup
                schedule = ScheduleKind(c)
            case "linear":
                var c = LinearSchedule()
                c.warmup = warmup
                c.finalRatio = final
                schedule = ScheduleKind(c)
            default:
                var c = CosineSchedule()
                c.warmup = warmup
                c.finalRatio = final
                schedule = ScheduleKind(c)
            }
            let expected = try #require(testCase["factors"] as? [Double])
            let rates = LearningRateSchedule(schedule, peak: 2e-3, steps: steps)
            for (t, factor) in expected.enumerated() {
                #expect(abs(rates.factor(atStep: t) - factor) < 1e-12, "\(kind) step \(t)")
                #expect(abs(rates.rate(atStep: t) - 2e-3 * factor) < 1e-15, "\(kind) step \(t)")
            }
        }
    }
}
