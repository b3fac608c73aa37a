#pragma once
// JSON-RPC 2.0 over the base protocol of LSP: messages framed by a
// Content-Length header, and the error codes both define.
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace charter::lsp {

using Json = nlohmann::json;

/// JSON-RPC and LSP error codes.
namespace error {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int ServerNotInitialized = -32002;
inline constexpr int RequestCancelled = -32800;
inline constexpr int RequestFailed = -32803;
} // namespace error

/// The largest message body read; a larger one is skipped unread.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{64} << 20;

/// One framed message read from a stream.
struct Frame {
    enum class Status { Ok, End, Bad } status = Status::End;
    std::string body;  ///< Ok: the JSON text
    std::string error; ///< Bad: what was wrong (the stream may go on)
};

/// Reads the next message: headers up to an empty line, then exactly
/// Content-Length bytes. End at the end of the stream; Bad for a message
/// whose headers are malformed or whose body is too large (skipped).
Frame read_frame(std::istream& in);

/// Writes one message with its header and flushes.
void write_frame(std::ostream& out, const Json& message);

/// A response to request `id`.
Json response(const Json& id, Json result);
/// An error response (`id` null when the request's id is unknown).
Json error_response(const Json& id, int code, const std::string& message);
/// A notification from the server.
Json notification(const std::string& method, Json params);

} // namespace charter::lsp
