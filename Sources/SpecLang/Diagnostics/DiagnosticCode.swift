/// The stable code of every diagnostic SpecLang reports.
///
/// Codes never change meaning once released. `E` codes are errors, `W` codes warnings, `N`
/// codes notes (facts about a valid spec).
/// Each code has a title, an explanation and a bad and a fixed example in
/// ``DiagnosticCode/documentation`` (rendered into docs/diagnostics.md and `polspec explain`).
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, Codable {
    // Reading the file.
    case invalidUTF8 = "E0001"
    case controlCharacter = "E0002"
    case tabIndentation = "E0003"
    case fileTooLarge = "E0004"
    case yamlSyntax = "E0005"
    case multipleDocuments = "E0006"
    case duplicateKey = "E0007"
    case nestingTooDeep = "E0008"
    case aliasExpansion = "E0009"
    case undefinedAlias = "E0010"
    case notAMapping = "E0011"
    case unsupportedYAML = "E0012"
    case unformattable = "E0013"
    // Keys, values and types.
    case unknownKey = "E0101"
    case missingKey = "E0102"
    case wrongType = "E0103"
    case outOfRange = "E0104"
    case notAllowedValue = "E0105"
    case unknownKind = "E0106"
    case wrongLength = "E0107"
    case unsupportedVersion = "E0108"
    case invalidName = "E0109"
    case duplicateName = "E0110"
    // References between components.
    case unknownReference = "E0201"
    case referenceCycle = "E0202"
    case portMismatch = "E0203"
    case notTrainable = "E0204"
    case unusedPort = "W0201"
    // Component-specific rules.
    case doesNotDivide = "E0301"
    case objectiveMismatch = "E0302"
    case samplerSteps = "E0303"
    case rangeOrder = "E0304"
    case invalidCamera = "E0305"
    case objectiveTarget = "E0306"
    case inconsistentSizes = "E0307"
    case exclusiveKeys = "E0308"
    case headNotTrained = "W0301"
    // Resource limits.
    case tooManyParameters = "E0401"
    case tooManyFlops = "E0402"
    case tooManyActivations = "E0403"
    // Composition.
    case includeNotFound = "E0501"
    case includeOutsideTree = "E0502"
    case includeCycle = "E0503"
    case badOverride = "E0504"
    case unknownListEntry = "E0505"
    // What polspec can run the spec on (decided outside the checker).
    case noSuite = "N0601"

    /// True for the codes decided outside the checker (which suites provide a spec's
    /// observations), reported by `polspec check` through ``CheckOptions/runSupport``.
    public var needsRunSupport: Bool { self == .noSuite }

    public var severity: Severity {
        switch rawValue.first {
        case "W": return .warning
        case "N": return .note
        default: return .error
        }
    }
}
