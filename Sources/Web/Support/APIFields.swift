import Foundation
import Hummingbird

/// A JSON key made at run time: the API's field names live in each type's `apiFields` list.
struct APIKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One field of a Domain value as the API shows it: its name and how to read it. A response is a list
/// of these over the Domain type, not a second struct copying its fields one by one.
///
/// Each field is written twice over: `write` through any `Encoder` (Foundation's, in tests), and
/// `writeJSON` straight into the API's `JSONWriter`. The second is generic over the field's own type
/// where it is made, so the writer's choice of how to write the value is settled when compiling,
/// not looked up for every field of every item of a list (a fifth of a list request's CPU).
struct APIField<Root: Sendable, Context: Sendable>: Sendable {
    let write: @Sendable (Root, Context, any Encoder, inout KeyedEncodingContainer<APIKey>) throws -> Void
    let writeJSON: @Sendable (Root, Context, JSONWriter, _ object: Int) throws -> Void

    /// A field of the value, written as it is. Closures rather than key paths: a key path applied in
    /// generic code is projected at run time, field by field, on every item of every list.
    init<Value: Encodable & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Root) -> Value) {
        let key = APIKey(stringValue: name)
        let quoted = JSONWriter.quotedKey(name)
        write = { root, _, _, container in try container.encode(read(root), forKey: key) }
        writeJSON = { root, _, writer, object in
            writer.key(quoted: quoted, of: object)
            try writer.value(read(root), depth: object + 1)
        }
    }

    /// An optional field of the value, left out when empty (as every optional in the API is).
    init<Value: Encodable & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Root) -> Value?) {
        let key = APIKey(stringValue: name)
        let quoted = JSONWriter.quotedKey(name)
        write = { root, _, _, container in try container.encodeIfPresent(read(root), forKey: key) }
        writeJSON = { root, _, writer, object in
            guard let value = read(root) else { return }
            writer.key(quoted: quoted, of: object)
            try writer.value(value, depth: object + 1)
        }
    }

    /// A field worked out from the value and what the request knows (the time now, the coach).
    init<Value: Encodable & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Root, Context) -> Value) {
        let key = APIKey(stringValue: name)
        let quoted = JSONWriter.quotedKey(name)
        write = { root, context, _, container in try container.encode(read(root, context), forKey: key) }
        writeJSON = { root, context, writer, object in
            writer.key(quoted: quoted, of: object)
            try writer.value(read(root, context), depth: object + 1)
        }
    }

    /// The same, left out when it works out empty.
    init<Value: Encodable & SendableMetatype>(_ name: String, ifPresent read: @escaping @Sendable (Root, Context) -> Value?) {
        let key = APIKey(stringValue: name)
        let quoted = JSONWriter.quotedKey(name)
        write = { root, context, _, container in try container.encodeIfPresent(read(root, context), forKey: key) }
        writeJSON = { root, context, writer, object in
            guard let value = read(root, context) else { return }
            writer.key(quoted: quoted, of: object)
            try writer.value(value, depth: object + 1)
        }
    }

    /// A value whose own fields sit beside the others at the top level (a reflection's answers).
    static func inline<Value: Encodable & SendableMetatype>(_ read: @escaping @Sendable (Root) -> Value) -> Self {
        Self(
            write: { root, _, encoder, _ in try read(root).encode(to: encoder) },
            writeJSON: { root, _, writer, object in try read(root).encode(to: ValueEncoder(writer: writer, depth: object)) })
    }

    private init(
        write: @escaping @Sendable (Root, Context, any Encoder, inout KeyedEncodingContainer<APIKey>) throws -> Void,
        writeJSON: @escaping @Sendable (Root, Context, JSONWriter, Int) throws -> Void
    ) {
        self.write = write
        self.writeJSON = writeJSON
    }
}

/// A Domain type the API shows: the fields it shows, in order, and what a response needs besides the
/// value (`Void` when nothing).
protocol APIRepresentable: Sendable {
    associatedtype APIContext: Sendable = Void
    static var apiFields: [APIField<Self, APIContext>] { get }
}

/// A Domain value on its way out as JSON.
struct APIValue<Root: APIRepresentable>: ResponseEncodable, Sendable {
    let value: Root
    let context: Root.APIContext

    init(_ value: Root, context: Root.APIContext) {
        self.value = value
        self.context = context
    }

    func encode(to encoder: any Encoder) throws {
        if let json = encoder as? ValueEncoder {
            json.writer.container(.object, depth: json.depth)
            for field in Root.apiFields { try field.writeJSON(value, context, json.writer, json.depth) }
            return
        }
        var container = encoder.container(keyedBy: APIKey.self)
        for field in Root.apiFields {
            try field.write(value, context, encoder, &container)
        }
    }
}

extension APIValue where Root.APIContext == Void {
    init(_ value: Root) { self.init(value, context: ()) }
}
