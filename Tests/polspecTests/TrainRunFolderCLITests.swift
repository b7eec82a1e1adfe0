import Foundation
import Testing

/// `polspec train` and its run folder under pressure (issue 18): a second run into the same
/// folder, `--quiet`, and demo folders that cannot be reused (SIGTERM: TrainCLITests).
@Suite struct TrainRunFolderCLITests {
    typealias Scratch = TrainCLITests.Scratch

    @Test func aLockedRunFolderIsRefusedNamingTheHolder() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path("run"), withIntermediateDirectories: true)
        let descriptor = open(scratch.path("run/.lock"), O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        _ = "\(getpid())\n".withCString { write(descriptor, $0, strlen($0)) }
        defer { close(descriptor) }
        let run = try TrainCLITests.train(scratch, "--out", scratch.path("run"))
        #expect(run.status == 3 && run.stderr.contains("process \(getpid()) is training into it"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("run/checkpoints")), "the refused run wrote nothing")
    }

    @Test func quietPrintsNothingWhenStoppingAtUntilStep() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let run = try TrainCLITests.train(scratch, "--out", scratch.path("run"), "--until-step", "3", "--quiet")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func unusableDataFoldersAreRefusedWithTrainsOwnWayOut() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.demos, withIntermediateDirectories: true)
        try "{\"format\": \"polspec-demos\"".write(toFile: scratch.demos + "/manifest.json", atomically: true, encoding: .utf8)
        let broken = try TrainCLITests.train(scratch, "--out", scratch.path("a"), "--until-step", "1")
        #expect(broken.status == 2 && broken.stderr.contains("manifest.json that does not read"), "\(broken.stderr)")
        #expect(try String(contentsOfFile: scratch.demos + "/manifest.json", encoding: .utf8) == "{\"format\": \"polspec-demos\"", "recorded over")
        try FileManager.default.removeItem(atPath: scratch.demos)
        #expect(try TrainCLITests.train(scratch, "--out", scratch.path("b"), "--until-step", "1").status == 0)
        let other = try PolspecProcess.run(["train", TrainCLITests.spec, "--suite", "metaworld-like", "--tasks", "reach", "--demos", "3",
                                            "--data", scratch.demos, "--out", scratch.path("c")])
        #expect(other.status == 2 && other.stderr.contains("holds demos made with other parameters"), "\(other.stderr)")
        #expect(!other.stderr.contains("--force") && other.stderr.contains("choose another --data"), "\(other.stderr)")
    }
}
