import Foundation
import HTTP

/// Whether an error is answered as JSON (for programs) or as an HTML page (for people).
///
/// JSON for the paths programs call (`/api/…`, `/agent/…`, `/metrics`, `/healthz`), for static
/// files (a stylesheet or script is no page to show), for clients whose `Accept` ranks
/// `application/json` above `text/html`, and when the request could not be parsed (nothing tells who
/// sent it). Everything else is a page a browser opened: HTML.
enum ErrorFormat: Sendable, Equatable {
    case json, html

    static func choose(target: String, headers: Headers) -> ErrorFormat {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        let isPage = !isForPrograms(path) && !path.hasPrefix("/static/")
        return isPage && !prefersJSON(headers.tokens("Accept")) ? .html : .json
    }

    /// Paths answered for programs (JSON, 401) rather than people (pages, redirects).
    static func isForPrograms(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/") || path == "/agent" || path.hasPrefix("/agent/")
            || path == "/metrics" || path == "/healthz"
    }

    /// Whether the `Accept` entries give `application/json` a higher weight than `text/html` (RFC 9110
    /// §12.5.1: the most specific range that matches a type decides its weight). None: no preference.
    static func prefersJSON(_ accept: [String]) -> Bool {
        let ranges = accept.map(MediaRange.init)
        return weight(of: "application/json", in: ranges) > weight(of: "text/html", in: ranges)
    }

    private static func weight(of type: String, in ranges: [MediaRange]) -> Double {
        for candidate in [type, type.prefix { $0 != "/" } + "/*", "*/*"] {
            if let range = ranges.first(where: { $0.type == candidate }) { return range.weight }
        }
        return 0
    }
}

/// One lowercased entry of `Accept`: `text/html;q=0.9` → type `text/html`, weight 0.9.
private struct MediaRange {
    let type: String
    let weight: Double

    init(_ text: String) {
        let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        type = parts.first ?? ""
        let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
        weight = min(max(q ?? 1, 0), 1)
    }
}
