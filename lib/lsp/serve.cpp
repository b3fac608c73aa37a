// The server over a stream pair: the calling thread reads and frames
// messages, a worker handles them. The worker takes everything queued at
// once, so a burst of edits costs one validation of the latest text.
#include <condition_variable>
#include <deque>
#include <thread>

#include "lsp/server.hpp"

namespace charter::lsp {

namespace {

/// Messages from the reader to the worker.
class Queue {
  public:
    void push(Json message) {
        {
            std::lock_guard lock(m_mutex);
            m_messages.push_back(std::move(message));
        }
        m_ready.notify_one();
    }
    void close() {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_one();
    }
    /// Everything queued (waiting for at least one message); empty once
    /// closed and drained.
    std::deque<Json> take_all() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_messages.empty() || m_closed; });
        return std::exchange(m_messages, {});
    }

  private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Json> m_messages;
    bool m_closed = false;
};

void work(Server& server, Queue& queue) {
    for (auto batch = queue.take_all(); !batch.empty(); batch = queue.take_all()) {
        for (const auto& m : batch) {
            server.handle(m);
            if (server.exited()) {
                return;
            }
        }
        server.publish_pending();
    }
}

/// Reads messages until `exit` or the end of input; answers what cannot be
/// parsed, and records cancellations at once (the worker may be busy).
void read(std::istream& in, Server& server, Queue& queue, const Server::Send& send) {
    for (;;) {
        Frame f = read_frame(in);
        if (f.status == Frame::Status::End) {
            return;
        }
        if (f.status == Frame::Status::Bad) {
            send(error_response(Json(), error::InvalidRequest, f.error));
            continue;
        }
        Json message = Json::parse(f.body, nullptr, false);
        if (message.is_discarded()) {
            send(error_response(Json(), error::ParseError, "the message is not JSON"));
            continue;
        }
        const Json* method =
            message.is_object() && message.contains("method") ? &message["method"] : nullptr;
        if (method && *method == "$/cancelRequest" && message.contains("params") &&
            message["params"].is_object() && message["params"].contains("id")) {
            server.cancel(message["params"]["id"]);
            continue;
        }
        bool exit = method && *method == "exit";
        queue.push(std::move(message));
        if (exit) {
            return;
        }
    }
}

} // namespace

int serve(std::istream& in, std::ostream& out, Date today) {
    // std::cin is tied to std::cout: each read would flush the output from
    // the reader thread while the worker writes to it
    in.tie(nullptr);
    std::mutex out_mutex;
    Server::Send send = [&](const Json& message) {
        std::lock_guard lock(out_mutex);
        write_frame(out, message);
    };
    Server server(send, today);
    Queue queue;
    std::thread worker([&] { work(server, queue); });
    read(in, server, queue, send);
    queue.close();
    worker.join();
    return server.exit_status();
}

} // namespace charter::lsp
