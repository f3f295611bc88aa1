/// The tar half of `ArchiveInspector`: a state machine fed the inflated stream in pieces of any size.
///
/// Headers are gathered one 512-byte block at a time; file data is counted past, never kept. Only pax
/// and GNU long-name records are buffered, up to `metadataLimit` each.
struct ArchiveReader {
    /// The largest pax extended header or GNU long name accepted.
    static let metadataLimit = 1 << 20

    private enum State {
        /// Gathering a header block.
        case header
        /// Counting past an entry's data and padding.
        case skip(remaining: UInt64)
        /// Gathering a pax or GNU long-name record (`size` bytes, then padding).
        case metadata(flag: UInt8, size: Int, remaining: Int)
        /// After the two zero blocks: only zero padding may follow.
        case end
    }

    private let uncompressedLimit: UInt64
    private var state = State.header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    private var zeroBlocks = 0
    private var longName: String?
    private var longLink: String?
    private var pax: ArchivePax?
    private var links = ArchiveLinks()
    private var topLevelNames: Set<String> = []
    private var summary = ArchiveSummary()
    /// Bytes of the tar stream consumed so far.
    private(set) var offset: UInt64 = 0
    /// The entry being read, or the last one read, for error messages.
    private(set) var currentEntry: String?

    init(uncompressedLimit: UInt64) {
        precondition(uncompressedLimit < 1 << 62)
        self.uncompressedLimit = uncompressedLimit
        block.reserveCapacity(ArchiveHeader.blockSize)
    }

    mutating func consume(_ bytes: ArraySlice<UInt8>) throws(ArchiveError) {
        var rest = bytes
        while !rest.isEmpty {
            switch state {
            case .header:
                let take = min(ArchiveHeader.blockSize - block.count, rest.count)
                block.append(contentsOf: rest.prefix(take))
                advance(&rest, by: take)
                if block.count == ArchiveHeader.blockSize {
                    try readBlock()
                    block.removeAll(keepingCapacity: true)
                }
            case .skip(let remaining):
                let take = Int(min(remaining, UInt64(rest.count)))
                advance(&rest, by: take)
                state = remaining == UInt64(take) ? .header : .skip(remaining: remaining - UInt64(take))
            case .metadata(let flag, let size, let remaining):
                let take = min(remaining, rest.count)
                metadata.append(contentsOf: rest.prefix(take))
                advance(&rest, by: take)
                state = .metadata(flag: flag, size: size, remaining: remaining - take)
                if take == remaining {
                    state = .header
                    try readMetadata(flag: flag, data: Array(metadata.prefix(size)))
                    metadata = []
                }
            case .end:
                if let garbage = rest.firstIndex(where: { $0 != 0 }) {
                    throw .trailingGarbage(offset: offset + UInt64(garbage - rest.startIndex))
                }
                advance(&rest, by: rest.count)
            }
        }
    }

    /// Checks the archive ended properly and every link stays inside, then reports what it held.
    mutating func finish() throws(ArchiveError) -> ArchiveSummary {
        guard case .end = state else { throw .truncated(entry: currentEntry) }
        try links.checkAll()
        summary.uncompressedSize = offset
        summary.topLevelNames = topLevelNames.sorted()
        return summary
    }

    private mutating func advance(_ rest: inout ArraySlice<UInt8>, by count: Int) {
        rest = rest.dropFirst(count)
        offset += UInt64(count)
    }

    private mutating func readBlock() throws(ArchiveError) {
        if ArchiveHeader.isZero(block[...]) {
            zeroBlocks += 1
            if zeroBlocks == 2 { state = .end }
            return
        }
        guard zeroBlocks == 0 else { throw .trailingGarbage(offset: offset - UInt64(ArchiveHeader.blockSize)) }
        let header = try ArchiveHeader(block[...])
        currentEntry = header.name
        switch header.typeFlag {
        case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
            guard header.size <= UInt64(Self.metadataLimit) else {
                throw .badHeader(entry: header.name, reason: "extended header larger than \(Self.metadataLimit) bytes")
            }
            let size = Int(header.size)
            state = size == 0 ? .header : .metadata(flag: header.typeFlag, size: size, remaining: Self.padded(size))
        default:
            try readEntry(header)
        }
    }

    private mutating func readMetadata(flag: UInt8, data: [UInt8]) throws(ArchiveError) {
        let entry = currentEntry ?? ""
        switch flag {
        case UInt8(ascii: "L"): longName = ArchiveHeader.string(data[...])
        case UInt8(ascii: "K"): longLink = ArchiveHeader.string(data[...])
        case UInt8(ascii: "x"): pax = try ArchivePax(data, entry: entry)
        default:
            // A global header's path would apply to every later entry; nothing legitimate does that.
            let global = try ArchivePax(data, entry: entry)
            guard global.path == nil, global.linkPath == nil, global.size == nil else {
                throw .badHeader(entry: entry, reason: "pax global header sets a path or size")
            }
        }
    }

    private mutating func readEntry(_ header: ArchiveHeader) throws(ArchiveError) {
        let name = pax?.path ?? longName ?? header.name
        let target = pax?.linkPath ?? longLink ?? header.linkName
        let size = pax?.size ?? header.size
        (pax, longName, longLink) = (nil, nil, nil)
        currentEntry = name
        let path = try ArchivePath(entry: name)
        guard size <= uncompressedLimit else { throw .tooLarge(entry: name, limit: uncompressedLimit) }
        try check(header.typeFlag, at: path, name: name, target: target)
        if header.typeFlag == 0 || header.typeFlag == UInt8(ascii: "0") || header.typeFlag == UInt8(ascii: "7") {
            summary.fileCount += 1
            summary.fileBytes += size
        }
        summary.entryCount += 1
        if let top = path.topLevelName, topLevelNames.count < ArchiveSummary.topLevelNameLimit {
            topLevelNames.insert(top)
        }
        state = size == 0 ? .header : .skip(remaining: UInt64(Self.padded(Int(size))))
    }

    private mutating func check(_ flag: UInt8, at path: ArchivePath, name: String, target: String) throws(ArchiveError) {
        switch flag {
        case UInt8(ascii: "5"): return
        case UInt8(ascii: "3"): throw .specialFile(entry: name, kind: "character device")
        case UInt8(ascii: "4"): throw .specialFile(entry: name, kind: "block device")
        case UInt8(ascii: "6"): throw .specialFile(entry: name, kind: "FIFO")
        case 0, UInt8(ascii: "0"), UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "7"): break
        default: throw .unknownType(entry: name, flag: flag)
        }
        guard !path.isRoot else { throw .badHeader(entry: name, reason: "empty file name") }
        if flag == UInt8(ascii: "1") { try ArchiveLinks.checkHard(entry: name, target: target) }
        if flag == UInt8(ascii: "2") { try links.addSymbolic(at: path, entry: name, target: target) }
    }

    private static func padded(_ size: Int) -> Int {
        (size + ArchiveHeader.blockSize - 1) / ArchiveHeader.blockSize * ArchiveHeader.blockSize
    }
}
