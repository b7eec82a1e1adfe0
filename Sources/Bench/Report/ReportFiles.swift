import Foundation
import SafeTensors

/// Writing and reading a report's folder: report.json, report.md and success.svg.
public enum ReportFiles {
    public static let json = "report.json", markdown = "report.md", chart = "success.svg"

    /// Writes the three files into `directory` (created if needed), each atomically.
    public static func write(_ report: BenchReport, to directory: URL) throws {
        do {
            try AtomicFile.write(try report.json(), to: directory.appendingPathComponent(json))
            try AtomicFile.write(ReportTables.markdown(report), to: directory.appendingPathComponent(markdown))
            try AtomicFile.write(ReportChart.svg(report), to: directory.appendingPathComponent(chart))
        } catch let error as SafeTensorsError {
            throw EvaluationError("cannot write the report: \(error)")
        }
    }

    /// The default output folder: runs/<suite>-<policy>-<UTC timestamp>[-shard-i-of-n].
    public static func defaultDirectory(suite: String, policy: String, shard: Shard, date: Date = Date()) -> URL {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        var name = "\(suite)-\(policy)-\(f.string(from: date))"
        if shard.count > 1 { name += "-shard-\(shard.index)-of-\(shard.count)" }
        return URL(fileURLWithPath: "runs").appendingPathComponent(name)
    }
}
