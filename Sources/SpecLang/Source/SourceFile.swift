/// A file's text as the checker saw it, split into lines for caret rendering.
///
/// Columns everywhere in SpecLang are 1-based and counted in Unicode scalars, the way
/// libyaml (and so Yams' `Mark`) counts them.
public struct SourceFile: Sendable, Hashable {
    /// The path as shown in diagnostics (relative to the working directory when given so),
    /// or a pseudo-name such as `--set[1]` for a command-line override.
    public let path: String
    /// The decoded text (a leading byte-order mark removed).
    public let text: String
    /// The lines of `text`, without their line terminators.
    public let lines: [String]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var lines = Self.splitLines(text)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// The lines of `text`, ended as YAML ends them: by LF, CRLF or a lone CR (as libyaml
    /// counts lines, so positions agree). Scalars are used: "\r\n" is one Character.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if afterCR && scalar == "\n" {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The text of 1-based line `number`, or nil past the end.
    public func line(_ number: Int) -> String? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The location just past the last character of the file.
    public var endLocation: SourceLocation {
        SourceLocation(line: max(lines.count, 1), column: (lines.last?.unicodeScalars.count ?? 0) + 1)
    }

    /// Whether `location` lies inside the file (a column one past a line's end counts as inside).
    public func contains(_ location: SourceLocation) -> Bool {
        guard let text = line(location.line) else { return location.line == 1 && location.column == 1 }
        return location.column >= 1 && location.column <= text.unicodeScalars.count + 1
    }
}

/// A 1-based line and column (in Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A span of text in one file: `start` inclusive, `end` exclusive.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(end, SourceLocation(line: start.line, column: start.column + 1))
    }

    /// A one-character range at `line`:`column`.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(file: file, start: SourceLocation(line: line, column: column),
                  end: SourceLocation(line: line, column: column + max(length, 1)))
    }

    public var description: String { "\(file):\(start)" }
}

/// Every file a check read, by path, so diagnostics can show their source lines.
public struct SourceStore: Sendable {
    public private(set) var files: [String: SourceFile] = [:]

    public init() {}

    public mutating func add(_ file: SourceFile) { files[file.path] = file }

    public subscript(path: String) -> SourceFile? { files[path] }
}
