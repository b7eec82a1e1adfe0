import Foundation
import Testing

/// `polspec bench` and `polspec demos` on the visual suites: reports in the papers' shapes, videos,
/// demos and usage errors.
@Suite struct BenchSuitesCLITests {
    typealias CLI = BenchCLITests

    @Test func liberoReportsPerSuiteSuccessAndWritesVideos() throws {
        let dir = CLI.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.polspec("bench", "--suite", "libero-like/goal", "--policy", "expert", "--episodes", "1", "--out", dir, "--video", dir + "/video")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("100.0%") && r.stdout.contains("10/10"))  // the goal suite: 10 tasks x 1 episode, all solved
        let videos = try FileManager.default.contentsOfDirectory(atPath: dir + "/video")
        #expect(videos.count == 10 && videos.allSatisfy { $0.hasSuffix("-0.png") })
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/video/" + videos[0]))
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) && png.range(of: Data("acTL".utf8)) != nil)  // an animated PNG
    }

    @Test func calvinReportsSuccessAtKAndAverageLength() throws {
        let dir = CLI.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.polspec("bench", "--suite", "calvin-like", "--split", "abc-d", "--policy", "expert", "--episodes", "2", "--out", dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("SR@1") && r.stdout.contains("avg len"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/report.json"))) as! [String: Any]
        #expect((json["sr_at"] as? [Double])?.count == 5 && json["avg_len"] as? Double == 5)
        #expect((json["run"] as? [String: Any])?["goal_split"] as? String == "abc-d")
    }

    @Test func demosOfTheVisualSuitesCarryImagesAndInstructions() throws {
        let dir = CLI.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.polspec("demos", "--suite", "calvin-like", "--tasks", "turn_on_led", "--per-task", "1", "--out", dir)
        #expect(r.status == 0, "\(r.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))) as! [String: Any]
        let fields = (manifest["observation_fields"] as! [[String: Any]]).map { $0["name"] as! String }
        #expect(fields.contains("agentview") && fields.contains("scene_obs"))
        #expect(((manifest["parameters"] as! [String: Any])["goal_split"] as? String) == "abc-d")
        let libero = try CLI.polspec("demos", "--suite", "libero-like/goal", "--tasks", "turn_on_the_stove", "--per-task", "1", "--out", dir + "/l")
        #expect(libero.status == 2 && libero.stderr.contains("once"))  // the set is given twice
        let one = try CLI.polspec("demos", "--suite", "libero-like", "--tasks", "turn_on_the_stove", "--per-task", "1", "--out", dir + "/l")
        #expect(one.status == 0, "\(one.stderr)")
    }

    @Test func usageErrorsOfTheNewOptionsExitWith2() throws {
        for args in [["bench", "--suite", "metaworld-like", "--split", "d-d"], ["bench", "--suite", "calvin-like", "--split", "abcd-d"],
                     ["bench", "--suite", "libero-like", "--image-size", "100"], ["bench", "--suite", "libero-like/spatial", "--tasks", "goal"],
                     ["bench", "--suite", "libero-like", "--tasks", "pick_up_the_bowl"], ["bench", "--suite", "metaworld-like", "--image-size", "64"],
                     ["demos", "--suite", "calvin-like", "--tasks", "open_drawers", "--out", "/tmp/x"]] {
            let r = try PolspecProcess.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: "), "\(args)")
        }
    }

    @Test func renderSceneWritesBothCamerasSideBySide() throws {
        let file = CLI.temporary() + ".png"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.polspec("render", "scene", "--suite", "calvin-like", "--size", "64", "--out", file)
        #expect(r.status == 0, "\(r.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: file))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 128 && height == 64)
        #expect(try CLI.polspec("render", "scene", "--suite", "metaworld-like", "--out", file).status == 2)
    }

    @Test func speedPrintsStepsAndFramesPerSecond() throws {
        let r = try CLI.polspec("bench", "speed", "--suite", "libero-like/spatial", "--steps", "200", "--repeats", "1")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("steps/s") && r.stdout.contains("frames/s") && r.stdout.contains("wrist"))
    }
}

/// `polspec bench sanity` on a sample of tasks (the command itself covers a whole suite).
@Suite struct BenchSanityCLITests {
    @Test func sanityRunsTheExpertAndTheFiveBaselinesAndJudges() throws {
        let dir = BenchCLITests.temporary(), data = BenchCLITests.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: data) }
        let r = try BenchCLITests.polspec("bench", "sanity", "--suite", "metaworld-like", "--tasks", "push,drawer-close", "--episodes", "2",
                                          "--demos", "2", "--steps", "10", "--train-batch", "8", "--data", data, "--out", dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("expert          noop            random          constant        blind           instruction"))
        #expect(r.stdout.contains("honest") && r.stdout.contains("(real 100)"))  // drawer-close: §3.9's constant figure
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/report.json"))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        #expect(rows.map { $0["task"] as! String } == ["push", "drawer-close"])
        #expect(rows.allSatisfy { $0["expert"] as? Double == 1 })
        for policy in ["expert", "noop", "random", "constant", "blind", "instruction"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(policy)/report.json"), "\(policy)")
        }
        let bad = try BenchCLITests.polspec("bench", "sanity", "--suite", "metaworld-like", "--tasks", "push", "--demos", "0", "--out", dir)
        #expect(bad.status == 2 && bad.stderr.hasPrefix("error:"))
    }

    @Test func demosOverlapEvaluationOnlyWhenAskedAndConditionsAreOptions() throws {
        let a = BenchCLITests.temporary(), b = BenchCLITests.temporary(), c = BenchCLITests.temporary()
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(atPath: d) } }
        func parameters(_ dir: String) throws -> [String: Any] {
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))) as! [String: Any]
            return manifest["parameters"] as! [String: Any]
        }
        #expect(try BenchCLITests.polspec("demos", "--tasks", "reach", "--per-task", "2", "--out", a, "--quiet").status == 0)
        #expect(try parameters(a)["configurations"] as? String == "training" && parameters(a)["noise"] as? Double == 0.1)
        #expect(try BenchCLITests.polspec("demos", "--tasks", "reach", "--per-task", "2", "--out", b, "--overlap-evaluation", "--quiet").status == 0)
        #expect(try parameters(b)["configurations"] as? String == "evaluation")
        let r = try BenchCLITests.polspec("bench", "--policy", "noop", "--tasks", "reach", "--episodes", "1", "--init-noise", "0",
                                          "--obs-noise", "0.01", "--out", c)
        #expect(r.status == 0 && r.stdout.contains("conditions: init noise 0 · action noise 0 · obs noise 0.01 m"))
        let run = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: c + "/report.json"))) as! [String: Any])["run"]
        #expect(((run as! [String: Any])["conditions"] as! [String: Any])["observation_noise"] as? Double == 0.01)
        let bad = try BenchCLITests.polspec("bench", "--policy", "noop", "--tasks", "reach", "--actuation-lag", "2")
        #expect(bad.status == 2 && bad.stderr.contains("--actuation-lag"))
    }
}
