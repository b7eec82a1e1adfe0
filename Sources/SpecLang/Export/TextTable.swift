/// Plain-text tables for terminals: columns padded to their widest cell, two spaces apart.
public enum TextTable {
    /// `rows` (the first is usually the header) with every line prefixed by `indent`; the columns
    /// in `rightAligned` are padded on the left (numbers), the others on the right.
    public static func render(_ rows: [[String]], indent: String = "", rightAligned: ClosedRange<Int>? = nil) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            indent + row.enumerated().map { i, cell in
                let fill = String(repeating: " ", count: widths[i] - cell.count)
                if rightAligned?.contains(i) == true { return fill + cell }
                return i == row.count - 1 ? cell : cell + fill
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}
