/// Lets an option take a negative number as its value, so that `--batch -1` reaches the
/// command's own check ("--batch must be at least 1, got -1") instead of the argument parser's
/// "Missing value": `--name -N` becomes `--name=-N`. No polspec command takes a negative
/// number as a positional argument, so nothing else is changed.
enum NegativeNumberArguments {
    static func joined(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for argument in arguments {
            if let last = result.last, last.hasPrefix("--"), !last.contains("="), last != "--", isNegativeNumber(argument) {
                result[result.count - 1] = last + "=" + argument
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `-5`, `-0.5`, `-1e3`: a minus sign followed by a digit or a point.
    static func isNegativeNumber(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        let rest = argument.dropFirst()
        return (rest.first?.isNumber ?? false || rest.first == ".") && Double(rest) != nil
    }
}
