// SHA-256 by nettle: a cryptographic hash, so that a charter made to collide
// with one already in a cache (it may come from another party's pull request)
// cannot be answered with the other's result.
#include "cache/cache.hpp"

#include <nettle/sha2.h>

namespace charter::cache {

Digest sha256(std::string_view bytes) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    Digest d;
    sha256_digest(&ctx, d.size(), d.data());
    return d;
}

std::string hex(const std::uint8_t* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * size);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 0xF];
    }
    return out;
}

} // namespace charter::cache
