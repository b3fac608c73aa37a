#pragma once
// The language server: LSP 3.17 messages in, messages out. `Server` handles
// one parsed message at a time (what the unit tests drive); `serve` runs it
// over a stream pair with a reader and a worker thread, so that while one
// buffer is validated the edits that arrive meanwhile queue up, and only the
// latest text of each document is validated next.
#include <functional>
#include <istream>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <string>

#include "lsp/document.hpp"
#include "lsp/rpc.hpp"
#include "util/date.hpp"

namespace charter::lsp {

class Server {
  public:
    using Send = std::function<void(const Json&)>;
    /// `today`: the day hover shows vested shares for.
    Server(Send send, Date today) : m_send(std::move(send)), m_today(today) {}

    /// Handles one message. Never throws: a request that fails gets an error response.
    void handle(const Json& message);
    /// Validates every document changed since its diagnostics were last
    /// published, and publishes them.
    void publish_pending();
    /// Marks a request as cancelled (from any thread): if it has not been
    /// handled yet, it gets a RequestCancelled error instead.
    void cancel(const Json& id);

    bool exited() const { return m_exited; }
    /// 0 after shutdown then exit (or the end of input after shutdown), else 1.
    int exit_status() const { return m_shutdown ? 0 : 1; }
    Encoding encoding() const { return m_encoding; }

  private:
    struct Doc {
        Document doc;
        bool published = false;
    };

    void request(const Json& id, const std::string& method, const Json& params);
    void notify(const std::string& method, const Json& params);
    Json dispatch(const std::string& method, const Json& params);
    Json initialize(const Json& params);
    void open(const Json& params);
    void change(const Json& params);
    void close(const Json& params);
    /// The document a request names, its analysis up to date (validated
    /// now if its text changed), or null for a document that is not open.
    const Document* document(const Json& params);
    void publish(Doc& d);
    bool take_cancelled(const Json& id);

    Send m_send;
    Date m_today;
    std::map<std::string, Doc> m_docs;
    Encoding m_encoding = Encoding::Utf16;
    bool m_initialized = false;
    bool m_shutdown = false;
    bool m_exited = false;
    std::mutex m_cancel_mutex;
    std::set<std::string> m_cancelled; ///< request ids as JSON text
};

/// Runs a server over `in` and `out` until `exit` or the end of input, and
/// returns the exit status.
int serve(std::istream& in, std::ostream& out, Date today);

} // namespace charter::lsp
