/// Which slice of a list to return. Lists are ordered newest first unless a repository says otherwise.
public struct Paging: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public let limit: Int
    public let offset: Int

    public init(limit: Int = Paging.defaultLimit, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
}

public struct ListPage<Item: Sendable>: Sendable {
    public let items: [Item]
    /// The offset of the next page, or nil on the last page.
    public let nextOffset: Int?

    public init(items: [Item], nextOffset: Int?) {
        self.items = items
        self.nextOffset = nextOffset
    }

    /// Repositories fetch one row more than asked, so they know whether another page exists.
    public init(fetched: [Item], request: Paging) {
        self.items = Array(fetched.prefix(request.limit))
        self.nextOffset = fetched.count > request.limit ? request.offset + request.limit : nil
    }
}
