import Synchronization

/// Gzip-compressed copies of static files, keyed by path and validator, so a file is compressed
/// once per change instead of once per request. Bounded: past `maxBytes` the oldest entries go.
final class CompressedCache: Sendable {
    private struct Entry {
        let etag: String
        let bytes: [UInt8]
    }

    private let entries = Mutex<(map: [String: Entry], order: [String], size: Int)>(([:], [], 0))
    private let maxBytes: Int

    init(maxBytes: Int = 32 << 20) {
        self.maxBytes = maxBytes
    }

    /// The compressed bytes of `path` at version `etag`, compressing `original` on a miss.
    func compressed(path: String, etag: String, original: () -> [UInt8]?) -> [UInt8]? {
        if let hit = entries.withLock({ $0.map[path] }), hit.etag == etag { return hit.bytes }
        guard let source = original(), let bytes = try? Gzip.compress(source, level: 9) else { return nil }
        entries.withLock { cache in
            if let old = cache.map.updateValue(Entry(etag: etag, bytes: bytes), forKey: path) {
                cache.size -= old.bytes.count
            } else {
                cache.order.append(path)
            }
            cache.size += bytes.count
            while cache.size > maxBytes, !cache.order.isEmpty {
                let evicted = cache.order.removeFirst()
                cache.size -= cache.map.removeValue(forKey: evicted)?.bytes.count ?? 0
            }
        }
        return bytes
    }
}
