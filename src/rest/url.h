// Parsing of request targets for the REST layers: the path split into percent-decoded
// segments, the query string into decoded key/value pairs, and Core's "<param>.<ext>"
// output-format suffix of /rest/ paths.
//
// ParseTarget is strict on purpose, because path segments name hashes, heights and
// addresses and nothing else: a segment that decodes to "." or "..", contains a '/' or
// '\\' or a control character after decoding, or has a malformed %-escape is rejected
// (the caller answers 400). So "/api/v1/../../etc/passwd" and "%2e%2e" never reach a
// route, and nothing in a path is ever used as a file name anyway.
//
// Thread safety: pure functions.
#ifndef BITNODE_REST_URL_H
#define BITNODE_REST_URL_H

#include <util/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rest {

/** Longest request target the REST layers look at (the HTTP server caps headers at 8 KiB anyway). */
inline constexpr size_t MAX_TARGET_SIZE = 4096;

struct ParsedTarget {
    /** The path as sent (still %-encoded), without the query string. */
    std::string raw_path;
    /** Decoded non-empty segments: "/api/v1/blocks/" gives {"api", "v1", "blocks"}. */
    std::vector<std::string> segments;
    /** Decoded query pairs in order; "a&b=" gives {"a", ""}, {"b", ""}. */
    std::vector<std::pair<std::string, std::string>> query;
};

/** Decode %XX escapes (and '+' as a space when plus_is_space); nullopt on a malformed escape. */
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

/** Split and decode a target as described above; the error says what is wrong. */
util::Result<ParsedTarget> ParseTarget(std::string_view target);

/** Decode a query string ("a=1&b=2", no '?'); an error on a malformed escape. */
util::Result<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query);

/** The value of the first query pair named `key`. */
std::optional<std::string> GetQueryParameter(const std::vector<std::pair<std::string, std::string>>& query,
                                             std::string_view key);

/** Core's REST output formats (RESTResponseFormat). */
enum class RestFormat { UNDEF, BINARY, HEX, JSON };

/**
 * Core's ParseDataFormat: drop the query string, then split a known ".bin"/".hex"/".json"
 * suffix off the last path component. An unknown or missing suffix gives UNDEF and the
 * whole path (without query) as param.
 */
RestFormat ParseDataFormat(std::string_view path_part, std::string& param);

/** ".bin, .hex, .json": Core's AvailableDataFormatsString, used in its 404 text. */
std::string AvailableDataFormatsString();

/** A decimal integer in [min, max] with nothing else around it (no sign, no spaces). */
std::optional<uint64_t> ParseBoundedUint(std::string_view text, uint64_t min, uint64_t max);

} // namespace rest

#endif // BITNODE_REST_URL_H
