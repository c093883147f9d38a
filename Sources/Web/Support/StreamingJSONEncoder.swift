import Domain
import Foundation
import Hummingbird

/// JSON for API responses, written straight to bytes while the value encodes itself. Foundation's
/// `JSONEncoder` first builds a tree of every value and then serialises the tree: a quarter of a list
/// request's CPU. The output is what `JSONEncoder` with `.iso8601` dates (Hummingbird's default)
/// writes, byte for byte; `StreamingJSONEncoderTests` holds it to that.
///
/// Coding paths are not tracked (every container reports an empty one): nothing the API encodes reads
/// them, and building one per field was measurable.
public struct StreamingJSONEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try encode(value)
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers.append(.init(name: .contentType, value: "application/json; charset=utf-8"))
        headers.append(.init(name: .contentLength, value: String(bytes.count)))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONWriter()
        try writer.value(value, depth: 0)
        return writer.bytes
    }
}

/// The bytes written so far and the containers still open, outermost first. A container is closed
/// when its value has finished encoding, or when its parent writes its next element.
final class JSONWriter {
    enum Kind { case object, array }
    struct Frame {
        let kind: Kind
        var count = 0
    }

    var bytes: [UInt8] = []
    var frames: [Frame] = []

    init() { bytes.reserveCapacity(4_096) }

    /// Writes a value that `depth` containers enclose.
    func value<T: Encodable>(_ value: T, depth: Int) throws {
        // The common leaves by type identity first (free where the call is specialised, as in
        // `APIField`); the others by a kind worked out once per type.
        if T.self == String.self { return string(value as! String) }
        if T.self == Int.self { return bytes.append(contentsOf: String(value as! Int).utf8) }
        if T.self == Bool.self { return literal(value as! Bool ? "true" : "false") }
        if T.self == Date.self { return JSONScalars.appendISO8601(value as! Date, to: &bytes) }
        switch leaf(T.self) {
        case .identifier:
            bytes.append(UInt8(ascii: "\""))
            (value as! any JSONIdentifier).rawValue.appendLowercaseHex(to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .integer: bytes.append(contentsOf: "\(value as! any FixedWidthInteger)".utf8)
        // Foundation writes these its own way (absolute URLs, base64, number formatting): rare, and
        // handed to it.
        case .url: string((value as! URL).absoluteString)
        case .foundation: bytes.append(contentsOf: try Self.foundation.encode(value))
        case .composite:
            let before = bytes.count
            try value.encode(to: ValueEncoder(writer: self, depth: depth))
            if bytes.count == before { literal("{}") }
            close(from: depth)
        }
    }

    enum Leaf { case identifier, integer, url, foundation, composite }

    /// How values of a type are written, worked out by casts once per type and response: a failed
    /// cast walks the runtime's conformance tables, and a list repeats the same few types.
    private var leaves: [ObjectIdentifier: Leaf] = [:]

    /// By the type, never the value: a value cast looks inside an optional, a type cast does not.
    private func leaf<T>(_ type: T.Type) -> Leaf {
        if let known = leaves[ObjectIdentifier(type)] { return known }
        let kind: Leaf =
            if type is any JSONIdentifier.Type { .identifier }
            else if type is any FixedWidthInteger.Type { .integer }
            else if type == URL.self { .url }
            else if type == Data.self || type == Decimal.self || type == Double.self || type == Float.self { .foundation }
            else { .composite }
        leaves[ObjectIdentifier(type)] = kind
        return kind
    }

    static var foundation: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Closes every container at index `depth` or deeper.
    func close(from depth: Int) {
        while frames.count > depth {
            bytes.append(frames.removeLast().kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Opens the container of the value at `depth`, or continues it when that value already opened
    /// one of the same kind (a value that writes another's fields beside its own).
    func container(_ kind: Kind, depth: Int) {
        if frames.count > depth, frames[depth].kind == kind {
            close(from: depth + 1)
            return
        }
        close(from: depth)
        bytes.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(kind: kind))
    }

    /// Starts the next element of the container at index `index`.
    func element(of index: Int) {
        close(from: index + 1)
        if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    /// A key written ahead, quoted and followed by its colon (`APIField` makes each once).
    static func quotedKey(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        Escape.json(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        return bytes
    }

    func key(quoted: [UInt8], of index: Int) {
        element(of: index)
        bytes.append(contentsOf: quoted)
    }

    func key(_ key: some CodingKey, of index: Int) {
        element(of: index)
        string(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func string(_ text: String) { Escape.json(text, into: &bytes) }
}

/// The encoder a value writes itself to; `APIValue` recognises it and writes its fields directly.
struct ValueEncoder: Encoder {
    let writer: JSONWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.container(.object, depth: depth)
        return KeyedEncodingContainer(KeyedWriter<Key>(writer: writer, index: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.container(.array, depth: depth)
        return UnkeyedWriter(writer: writer, index: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(writer: writer, depth: depth)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONWriter
    /// The index of this object's frame.
    let index: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        writer.key(key, of: index)
        writer.literal("null")
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.key(key, of: index)
        try writer.value(value, depth: index + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.key(key, of: index)
        writer.container(.object, depth: index + 1)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, index: index + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.key(key, of: index)
        writer.container(.array, depth: index + 1)
        return UnkeyedWriter(writer: writer, index: index + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.key(SuperKey(), of: index)
        return ValueEncoder(writer: writer, depth: index + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.key(key, of: index)
        return ValueEncoder(writer: writer, depth: index + 1)
    }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONWriter
    /// The index of this array's frame.
    let index: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.frames.count > index ? writer.frames[index].count : 0 }

    mutating func encodeNil() throws {
        writer.element(of: index)
        writer.literal("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.element(of: index)
        try writer.value(value, depth: index + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.element(of: index)
        writer.container(.object, depth: index + 1)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, index: index + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.element(of: index)
        writer.container(.array, depth: index + 1)
        return UnkeyedWriter(writer: writer, index: index + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.element(of: index)
        return ValueEncoder(writer: writer, depth: index + 1)
    }
}

private struct SingleValueWriter: SingleValueEncodingContainer {
    let writer: JSONWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.literal("null") }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.value(value, depth: depth)
    }
}
