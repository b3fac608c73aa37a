// An entry's bytes. Fixed-width little-endian integers and length-prefixed
// strings, then a SHA-256 of everything before it: a file cut short, changed
// by a byte or written by something else fails the check and is a miss. The
// reader bounds every length by the bytes left, so even a file that passes
// the check (written on purpose by someone who can write the cache folder)
// cannot make it read out of bounds or allocate without limit.
#include "cache/cache.hpp"

#include <cstring>

namespace charter::cache {

namespace {

/// "charter cache entry", format 1. A change of the layout below changes
/// this tag and the folder name (v1) in store.cpp.
constexpr std::string_view kMagic = "CHCACHE\x01";

class Writer {
  public:
    void bytes(const void* p, std::size_t n) { m_out.append(static_cast<const char*>(p), n); }
    void u8(std::uint8_t v) { m_out += static_cast<char>(v); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            m_out += static_cast<char>((v >> (8 * i)) & 0xFF);
        }
    }
    void i32(int v) { u32(static_cast<std::uint32_t>(v)); }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        m_out += s;
    }
    void loc(const Location& l) {
        i32(l.line);
        i32(l.column);
        i32(l.end_line);
        i32(l.end_column);
    }
    std::string& out() { return m_out; }

  private:
    std::string m_out;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : m_in(in) {}
    bool ok() const { return m_ok; }
    bool done() const { return m_ok && m_at == m_in.size(); }
    std::size_t left() const { return m_in.size() - m_at; }

    const char* take(std::size_t n) {
        if (!m_ok || n > left()) {
            m_ok = false;
            return nullptr;
        }
        const char* p = m_in.data() + m_at;
        m_at += n;
        return p;
    }
    std::uint8_t u8() {
        const char* p = take(1);
        return p ? static_cast<std::uint8_t>(*p) : 0;
    }
    std::uint32_t u32() {
        const char* p = take(4);
        std::uint32_t v = 0;
        for (int i = 0; p && i < 4; ++i) {
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        }
        return v;
    }
    int i32() { return static_cast<int>(u32()); }
    std::string str() {
        std::uint32_t n = u32();
        const char* p = take(n);
        return p ? std::string(p, n) : std::string();
    }
    Location loc() {
        Location l;
        l.line = i32();
        l.column = i32();
        l.end_line = i32();
        l.end_column = i32();
        return l;
    }
    /// A count of items each at least `min_size` bytes long, or a failure
    /// when the bytes left cannot hold them.
    std::uint32_t count(std::size_t min_size) {
        std::uint32_t n = u32();
        if (n > left() / min_size) {
            m_ok = false;
            return 0;
        }
        return n;
    }

  private:
    std::string_view m_in;
    std::size_t m_at = 0;
    bool m_ok = true;
};

constexpr std::size_t kLocSize = 16;
constexpr std::size_t kMinNote = 4 + kLocSize;
constexpr std::size_t kMinDiagnostic = 2 + 1 + kLocSize + 3 * 4 + 4;

} // namespace

std::string encode_entry(const Digest& key, const Digest& content,
                         const std::vector<Diagnostic>& diagnostics) {
    Writer w;
    w.bytes(kMagic.data(), kMagic.size());
    w.bytes(key.data(), key.size());
    w.bytes(content.data(), content.size());
    w.u32(static_cast<std::uint32_t>(diagnostics.size()));
    for (const auto& d : diagnostics) {
        auto code = static_cast<std::uint16_t>(d.code);
        w.u8(static_cast<std::uint8_t>(code & 0xFF));
        w.u8(static_cast<std::uint8_t>(code >> 8));
        w.u8(static_cast<std::uint8_t>(d.severity));
        w.loc(d.loc);
        w.str(d.message);
        w.str(d.help);
        w.str(d.path);
        w.u32(static_cast<std::uint32_t>(d.notes.size()));
        for (const auto& n : d.notes) {
            w.str(n.message);
            w.loc(n.loc);
        }
    }
    Digest sum = sha256(w.out());
    w.bytes(sum.data(), sum.size());
    return std::move(w.out());
}

Decoded decode_entry(std::string_view bytes, const Digest& key, const Digest& content) {
    Decoded out;
    out.why = Event::Damaged;
    const std::size_t header = kMagic.size() + key.size() + content.size();
    Digest sum;
    if (bytes.size() < header + 4 + sum.size()) {
        return out;
    }
    std::string_view body = bytes.substr(0, bytes.size() - sum.size());
    std::memcpy(sum.data(), bytes.data() + body.size(), sum.size());
    if (sha256(body) != sum || body.substr(0, kMagic.size()) != kMagic ||
        std::memcmp(body.data() + kMagic.size(), key.data(), key.size()) != 0) {
        return out;
    }
    if (std::memcmp(body.data() + kMagic.size() + key.size(), content.data(), content.size()) !=
        0) {
        out.why = Event::Changed;
        return out;
    }
    Reader r(body.substr(header));
    const std::size_t codes = all_codes().size();
    std::vector<Diagnostic> diags(r.count(kMinDiagnostic));
    for (auto& d : diags) {
        std::uint16_t code = r.u8();
        code = static_cast<std::uint16_t>(code | (r.u8() << 8));
        std::uint8_t severity = r.u8();
        if (code >= codes || severity > static_cast<std::uint8_t>(Severity::Note)) {
            return out;
        }
        d.code = static_cast<Code>(code);
        d.severity = static_cast<Severity>(severity);
        d.loc = r.loc();
        d.message = r.str();
        d.help = r.str();
        d.path = r.str();
        d.notes.resize(r.count(kMinNote));
        for (auto& n : d.notes) {
            n.message = r.str();
            n.loc = r.loc();
        }
        if (!r.ok()) {
            return out;
        }
    }
    if (!r.done()) {
        return out;
    }
    out.diagnostics = std::move(diags);
    out.why = Event::Hit;
    return out;
}

} // namespace charter::cache
