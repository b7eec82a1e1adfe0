import Foundation
import SafeTensors

/// `metrics.jsonl`: one JSON object per line (``MetricsRecord``), appended as training goes.
///
/// A resumed run first drops the records past its checkpoint's step (a run that stopped after
/// its last checkpoint logged steps that are trained again), so the file always describes one
/// continuous run.
final class MetricsLog {
    let url: URL
    private(set) var records: [MetricsRecord]
    private let handle: FileHandle

    /// Opens the log at `url`, keeping only records up to global step `keepThrough` (nil: start empty).
    init(url: URL, keepThrough: Int?) throws(CheckpointError) {
        self.url = url
        var kept: [MetricsRecord] = []
        if let keepThrough, let data = FileManager.default.contents(atPath: url.path) {
            let decoder = JSONDecoder()
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let record = try? decoder.decode(MetricsRecord.self, from: Data(line)), record.globalStep <= keepThrough else { continue }
                kept.append(record)
            }
        }
        records = kept
        do {
            try AtomicFile.write(kept.map { Self.line($0) }.joined(), to: url)
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw CheckpointError("cannot write \(url.path): \(error)")
        }
    }

    deinit { try? handle.close() }

    /// Appends `record` as one line.
    func append(_ record: MetricsRecord) throws(CheckpointError) {
        records.append(record)
        do {
            try handle.write(contentsOf: Data(Self.line(record).utf8))
        } catch {
            throw CheckpointError("cannot append to \(url.path): \(error)")
        }
    }

    private static func line(_ record: MetricsRecord) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self) + "\n"
    }
}
