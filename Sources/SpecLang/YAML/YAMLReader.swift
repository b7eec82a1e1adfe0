import Foundation
import Yams

/// Turns the bytes of one file into a located ``YAMLNode`` tree, or diagnostics.
///
/// Hostile input never crashes or hangs it: size, encoding, control characters and tabs
/// are checked before libyaml sees the text; libyaml's own errors become located
/// diagnostics; nesting depth and alias expansion are bounded while the tree is built.
struct YAMLReader {
    var limits: Limits

    /// What reading one file gave.
    struct Result {
        /// The decoded text (nil when the bytes are not text), so diagnostics can show it.
        var source: SourceFile?
        /// The document, nil when it is empty or could not be read faithfully. A tree with
        /// problems that lose nothing (a tag, a repeated key) is kept beside its diagnostics.
        var root: YAMLNode?
        var diagnostics: [Diagnostic]
        /// Where the document first uses an anchor, an alias or a merge key, if it does.
        var firstAlias: SourceRange?
    }

    /// Reads `bytes` as the file `path`.
    func read(_ bytes: [UInt8], path: String) -> Result {
        if bytes.count > limits.maxFileBytes {
            let d = Diagnostic(.fileTooLarge,
                               "file is \(bytes.count) bytes, over the limit of \(limits.maxFileBytes) bytes",
                               at: SourceRange(file: path, line: 1, column: 1),
                               help: "specs are small; split data out of the spec or raise the limit with --max-file-bytes")
            return Result(source: nil, root: nil, diagnostics: [d])
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = Self.firstInvalidUTF8(body) {
            let loc = Self.location(ofByte: bad, in: body)
            let d = Diagnostic(.invalidUTF8, "the file is not valid UTF-8 (bad byte 0x\(String(body[body.startIndex + bad], radix: 16, uppercase: true)))",
                               at: SourceRange(file: path, line: loc.line, column: loc.column),
                               help: "save the spec as UTF-8 text")
            return Result(source: nil, root: nil, diagnostics: [d])
        }
        let text = String(decoding: body, as: UTF8.self)
        let source = SourceFile(path: path, text: text)
        let textProblems = Self.scanText(source)
        if !textProblems.isEmpty { return Result(source: source, root: nil, diagnostics: textProblems) }
        return Self.parse(source, limits: limits)
    }

    /// Parses a text that is already known to be clean UTF-8 without control characters.
    static func parse(_ source: SourceFile, limits: Limits) -> Result {
        do {
            let parser = try Parser(yaml: source.text, resolver: .basic, encoding: .utf8)
            guard let node = try parser.singleRoot() else { return Result(source: source, root: nil, diagnostics: []) }
            var builder = TreeBuilder(source: source, limits: limits)
            let root = builder.convert(node, depth: 1)
            // Keep the parser (which owns the anchors) alive until conversion is done.
            withExtendedLifetime(parser) {}
            return Result(source: source, root: builder.lostContent ? nil : root, diagnostics: builder.diagnostics,
                          firstAlias: builder.firstAlias)
        } catch let error as YamlError {
            return Result(source: source, root: nil, diagnostics: [diagnostic(for: error, in: source)])
        } catch {
            return Result(source: source, root: nil, diagnostics: [Diagnostic(.yamlSyntax, "cannot parse YAML: \(error)",
                                                                              at: SourceRange(file: source.path, line: 1, column: 1))])
        }
    }

    // MARK: Checks before parsing

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let b0 = bytes[index]
            let need: Int
            switch b0 {
            case 0x00...0x7F: need = 0
            case 0xC2...0xDF: need = 1
            case 0xE0...0xEF: need = 2
            case 0xF0...0xF4: need = 3
            default: return index - bytes.startIndex
            }
            if index + need >= bytes.endIndex && need > 0 { return index - bytes.startIndex }
            for k in 0..<need {
                let b = bytes[index + 1 + k]
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                if k == 0 {
                    if b0 == 0xE0 { lower = 0xA0 }
                    if b0 == 0xED { upper = 0x9F }
                    if b0 == 0xF0 { lower = 0x90 }
                    if b0 == 0xF4 { upper = 0x8F }
                }
                if b < lower || b > upper { return index - bytes.startIndex }
            }
            index += need + 1
        }
        return nil
    }

    /// Line and column (in scalars) of byte `offset` of valid-prefix UTF-8 `bytes`.
    private static func location(ofByte offset: Int, in bytes: ArraySlice<UInt8>) -> SourceLocation {
        var line = 1, column = 1
        for b in bytes.prefix(offset) {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }

    /// Control characters (binary junk) and tabs in indentation, each with its position.
    private static func scanText(_ source: SourceFile) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, line) in source.lines.enumerated() {
            var column = 0
            var inIndentation = true
            for scalar in line.unicodeScalars {
                column += 1
                let v = scalar.value
                if scalar == "\t" {
                    if inIndentation {
                        diagnostics.append(Diagnostic(
                            .tabIndentation, "tab character in indentation",
                            at: SourceRange(file: source.path, line: index + 1, column: column),
                            help: "indent with spaces"))
                        break
                    }
                    continue
                }
                if scalar != " " { inIndentation = false }
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF {
                    diagnostics.append(Diagnostic(
                        .controlCharacter,
                        "control character U+\(String(format: "%04X", v)) in the file: this does not look like a text spec",
                        at: SourceRange(file: source.path, line: index + 1, column: column)))
                    return diagnostics
                }
            }
            if diagnostics.count >= 20 { break }
        }
        return diagnostics
    }

    // MARK: libyaml errors

    private static func diagnostic(for error: YamlError, in source: SourceFile) -> Diagnostic {
        func range(_ mark: Mark) -> SourceRange {
            clampedRange(line: mark.line, column: mark.column, in: source)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            if problem.contains("Maximum nesting level") {
                return Diagnostic(.nestingTooDeep, "YAML nesting is too deep", at: range(mark),
                                  help: "specs nest a few levels; flatten the structure")
            }
            var notes: [DiagnosticNote] = []
            if let context {
                notes.append(DiagnosticNote(context.text, at: range(context.mark)))
            }
            return Diagnostic(.yamlSyntax, "invalid YAML: \(problem)", at: range(mark), notes: notes)
        case let .composer(context, problem, mark, _):
            if problem.contains("another document") {
                return Diagnostic(.multipleDocuments, "a spec is one YAML document, but a second one starts here",
                                  at: range(mark), help: "remove the '---' separator and what follows, or split it into its own file")
            }
            if problem.contains("undefined alias") {
                return Diagnostic(.undefinedAlias, "alias refers to an anchor that is not defined before it",
                                  at: range(mark), help: "define the anchor ('&name') before using '*name'")
            }
            var notes: [DiagnosticNote] = []
            if let context { notes.append(DiagnosticNote(context.text, at: range(context.mark))) }
            return Diagnostic(.yamlSyntax, "invalid YAML: \(problem)", at: range(mark), notes: notes)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? "?"
            let first = range(context.mark)
            let second = secondOccurrence(of: key, after: first, in: source)
            return Diagnostic(.duplicateKey, "duplicate key '\(key)'", at: second ?? first,
                              notes: second == nil ? [] : [DiagnosticNote("first defined here", at: first)],
                              help: "keep one of the entries; YAML keys are unique within a mapping")
        case let .reader(problem, offset, _, _):
            var location = SourceLocation(line: 1, column: 1)
            if let offset {
                let prefix = source.text.prefix(offset)
                location.line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                location.column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1
            }
            return Diagnostic(.controlCharacter, "unreadable text: \(problem)",
                              at: clampedRange(line: location.line, column: location.column, in: source))
        default:
            return Diagnostic(.yamlSyntax, "cannot parse YAML: \(error)", at: SourceRange(file: source.path, line: 1, column: 1))
        }
    }

    /// A one-character range at the given position, moved inside the file if libyaml
    /// reported a position past its end.
    static func clampedRange(line: Int, column: Int, in source: SourceFile) -> SourceRange {
        var location = SourceLocation(line: max(line, 1), column: max(column, 1))
        if !source.contains(location) {
            let end = source.endLocation
            if location.line > end.line { location = end } else {
                let width = source.line(location.line)?.unicodeScalars.count ?? 0
                location.column = width + 1
            }
        }
        return SourceRange(file: source.path, start: location,
                           end: SourceLocation(line: location.line, column: location.column + 1))
    }

    /// Yams reports the first of two duplicate keys; find the repeat at the same column
    /// (block style) or later on the same line (flow style).
    private static func secondOccurrence(of key: String, after first: SourceRange, in source: SourceFile) -> SourceRange? {
        let keyScalars = Array(key.unicodeScalars)
        for lineNumber in first.start.line...max(first.start.line, source.lines.count) {
            guard let line = source.line(lineNumber) else { break }
            let scalars = Array(line.unicodeScalars)
            var column = lineNumber == first.start.line ? first.start.column + keyScalars.count : 1
            while column - 1 + keyScalars.count <= scalars.count {
                let start = column - 1
                let matches = Array(scalars[start..<start + keyScalars.count]) == keyScalars
                let before = start == 0 ? " " : scalars[start - 1]
                let after = start + keyScalars.count < scalars.count ? scalars[start + keyScalars.count] : " "
                let sameBlockColumn = lineNumber != first.start.line && column == first.start.column
                let flowKey = lineNumber == first.start.line && (before == " " || before == "{" || before == ",")
                if matches && after == ":" && (sameBlockColumn || flowKey) {
                    return SourceRange(file: source.path, line: lineNumber, column: column, length: keyScalars.count)
                }
                column += 1
            }
        }
        return nil
    }
}
