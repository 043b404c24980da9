/// Writing one field of a CSV file the way the data contracts read them (RFC 4180).
public enum CSVField {
    /// The field as written: quoted, with doubled quotes, when it holds a comma, a quote or a
    /// line break; as is otherwise.
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
