#include "lsp/rpc.hpp"

#include <charconv>

namespace charter::lsp {

namespace {

/// Reads one header line without its CR LF; false at the end of the stream.
bool read_line(std::istream& in, std::string& line) {
    line.clear();
    char c = 0;
    while (in.get(c)) {
        if (c == '\n') {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            return true;
        }
        if (line.size() < 4096) { // a header line longer than this is garbage anyway
            line.push_back(c);
        }
    }
    return !line.empty();
}

bool iequals_prefix(const std::string& line, std::string_view prefix) {
    if (line.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

/// The Content-Length of a header block; -1 if absent or malformed.
long long read_headers(std::istream& in, bool& any) {
    long long length = -1;
    std::string line;
    any = false;
    while (read_line(in, line)) {
        any = true;
        if (line.empty()) {
            return length;
        }
        constexpr std::string_view key = "content-length:";
        if (iequals_prefix(line, key)) {
            std::size_t b = line.find_first_not_of(' ', key.size());
            long long v = -1;
            if (b != std::string::npos) {
                auto [p, ec] = std::from_chars(line.data() + b, line.data() + line.size(), v);
                if (ec != std::errc() || p != line.data() + line.size()) {
                    v = -1;
                }
            }
            length = v;
        }
    }
    return -2; // the stream ended inside the headers
}

} // namespace

Frame read_frame(std::istream& in) {
    bool any = false;
    long long length = read_headers(in, any);
    if (length == -2 || !any) {
        return {Frame::Status::End, {}, {}};
    }
    if (length < 0) {
        return {Frame::Status::Bad, {}, "a message without a valid Content-Length header"};
    }
    if (static_cast<unsigned long long>(length) > kMaxMessageBytes) {
        in.ignore(length);
        return {Frame::Status::Bad, {}, "a message above the limit of 64 MiB"};
    }
    Frame f;
    f.body.resize(static_cast<std::size_t>(length));
    in.read(f.body.data(), length);
    if (in.gcount() != length) {
        return {Frame::Status::End, {}, {}};
    }
    f.status = Frame::Status::Ok;
    return f;
}

void write_frame(std::ostream& out, const Json& message) {
    std::string body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

Json response(const Json& id, Json result) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json error_response(const Json& id, int code, const std::string& message) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

Json notification(const std::string& method, Json params) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace charter::lsp
