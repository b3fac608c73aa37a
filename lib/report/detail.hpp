#pragma once
// Helpers shared by the report writers; not part of the public API.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"

namespace charter::report::detail {

/// A location made consistent for output: for line > 0, column >= 1,
/// end_line >= line, end_column >= 1, and a single-line span at least one
/// column wide. line <= 0 becomes the all-zero "whole file" location.
Location normalized(Location loc);

/// Where a file sits, as SARIF wants it.
struct ArtifactUri {
    std::string uri;
    bool relative_to_base = false; ///< true: give uriBaseId %SRCROOT%
};

/// `path` as a URI: "stdin" for "-", a relative URI (forward slashes,
/// percent-encoded) when it lies under `base`, else an absolute file:// URI.
/// An empty `base` (unknown working directory) keeps relative paths relative.
ArtifactUri artifact_uri(std::string_view path, const std::filesystem::path& base);

/// "file:///dir/" for an absolute directory, ending in a slash.
std::string directory_uri(const std::filesystem::path& dir);

/// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string percent_encode_path(std::string_view path);

/// A pretty-printed JSON document (indent 2) with one array streamed element
/// by element, so that a report of many files is never held whole. The
/// array's place in the document is the string `kMarker`.
class JsonArrayStream {
  public:
    using Json = nlohmann::ordered_json;
    static constexpr const char* kMarker = "\x01stream\x01";

    /// Writes `doc` up to the marker.
    JsonArrayStream(std::ostream& out, const Json& doc);
    void element(const Json& value);
    /// Closes the array and writes the rest of `doc` (the same document as
    /// at the start, with its values after the array now known), then a newline.
    void finish(const Json& doc);

  private:
    std::ostream& m_out;
    std::string m_indent; ///< of the array's elements
    bool m_empty = true;
};

} // namespace charter::report::detail
