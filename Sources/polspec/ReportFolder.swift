import Bench
import Foundation
import SafeTensors

extension OutputPaths {
    /// Checks the report folder `path` of `option` before the evaluation starts: a new path or
    /// a directory (OutputPaths), and one that holds no `report.json` yet unless `force`.
    mutating func reportFolder(_ option: String, _ path: String, force: Bool) throws -> URL {
        let url = try folder(option, path)
        if !force && FileManager.default.fileExists(atPath: url.appendingPathComponent(ReportFiles.json).path) {
            throw OutputPathError("\(option) \(path) already holds a report (\(ReportFiles.json)); pass --force to replace it, or choose another folder")
        }
        return url
    }
}
