import Foundation

/// A page model turned into dictionaries once per render. swift-mustache reads a struct's field by
/// building a `Mirror` over all its fields for every `{{name}}`, and looks each name up that way in
/// every enclosing section too; on the home page's fifty rows that was most of the request's time.
/// A dictionary is looked up directly. What a template sees is unchanged: a nil field is absent, as
/// it was, and values that render themselves (text, numbers, anything with a description) pass as they are.
enum TemplateValue {
    static func prepare(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Double: return value
        case let array as [Any]: return array.map(prepare)
        case let dictionary as [String: Any]: return dictionary.mapValues(prepare)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional?:
            guard let wrapped = mirror.children.first?.value else { return value }
            return prepare(wrapped)
        case .struct?, .class?:
            // Only the Web module's own models: another module's struct may render itself
            // (an id through its description), and a struct of ours that does is left alone too.
            guard !(value is any CustomStringConvertible), String(reflecting: type(of: value)).hasPrefix("Web.") else { return value }
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let field = unwrapped(child.value) else { continue }
                fields[label] = prepare(field)
            }
            return fields
        default:
            return value
        }
    }

    /// The value an optional holds, or nil; any other value as it is (what swift-mustache's own lookup returns).
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
