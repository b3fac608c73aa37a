// The program's identity, for the cache key: a result may change with any
// change of the code that made it, so the key holds what the linker says
// about the code (GNU build ids, a hash of each linked file's contents) for
// the executable and for every shared library (an upgraded yaml-cpp or GMP
// may parse or compute differently). A rebuild from the same sources gives
// the same ids and keeps the cache; any other rebuild misses.
#include "cache/cache.hpp"

#include <cstring>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <fmt/format.h>

namespace charter::cache {

namespace {

/// The GNU build id among the notes of one loaded object, as hex; empty when none.
std::string build_id(const dl_phdr_info& info) {
    for (int i = 0; i < info.dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info.dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) {
            continue;
        }
        const std::size_t align = ph.p_align >= 8 ? 8 : 4;
        auto round = [&](std::size_t n) { return (n + align - 1) / align * align; };
        const auto* p = reinterpret_cast<const unsigned char*>(info.dlpi_addr + ph.p_vaddr);
        std::size_t left = ph.p_memsz;
        while (left >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) n;
            std::memcpy(&n, p, sizeof n);
            std::size_t name_at = sizeof n;
            std::size_t desc_at = name_at + round(n.n_namesz);
            std::size_t next = desc_at + round(n.n_descsz);
            if (next > left || n.n_namesz > left || n.n_descsz > left) {
                break;
            }
            if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 &&
                std::memcmp(p + name_at, "GNU", 4) == 0 && n.n_descsz > 0) {
                return hex(p + desc_at, n.n_descsz);
            }
            p += next;
            left -= next;
        }
    }
    return {};
}

/// For an object without a build id: where it is and when it was written.
std::string file_stamp(const char* path) {
    struct stat st {};
    if (::stat(path, &st) != 0) {
        return fmt::format("{} (cannot stat)", path);
    }
    return fmt::format("{} {} {}.{:09} {}", path, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                       st.st_ino);
}

int add_object(dl_phdr_info* info, std::size_t, void* data) {
    auto& out = *static_cast<std::string*>(data);
    const bool main_program = out.empty();
    const char* name = info->dlpi_name;
    // the first object is the executable (with an empty name); others without
    // an absolute path are the kernel's vDSO, which changes with the kernel only
    if (!main_program && (name == nullptr || name[0] != '/')) {
        return 0;
    }
    std::string id = build_id(*info);
    if (id.empty()) {
        id = file_stamp(main_program ? "/proc/self/exe" : name);
    }
    out += main_program ? "exe " : "lib ";
    out += id;
    out += '\n';
    return 0;
}

} // namespace

std::string program_identity() {
    std::string out;
    dl_iterate_phdr(add_object, &out);
    return out;
}

} // namespace charter::cache
