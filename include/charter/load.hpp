#pragma once
// Validating a charter, and loading one that is ready to compute.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "charter/diagnostic.hpp"
#include "charter/error.hpp"

namespace charter {

/// The largest charter read: 8 MiB. A larger file is refused unread.
inline constexpr std::size_t kMaxCharterBytes = std::size_t{8} << 20;

struct ValidateOptions {
    bool scenarios = true; ///< compute every scenario against its `expect` (C0901, C0902)
    bool exits = true;     ///< price every possible exit, find ownerless assets (C0803, C0804)
};

/// Everything validation found in one text, sorted by position.
struct Validation {
    std::string name;
    std::vector<Diagnostic> diagnostics;

    int errors() const;
    int warnings() const;
    /// No errors; with `strict`, no warnings either (what `validate --strict` passes).
    bool passed(bool strict = false) const;
};

/// Validates one charter text; `name` is how positions are reported (a
/// path, "-", a REV:PATH). Never touches the disk. A text above
/// kMaxCharterBytes gets one diagnostic (C0006) and is not parsed.
Validation validate(std::string text, std::string name, const ValidateOptions& options = {});

namespace detail {
struct CharterData;
}

/// A charter that validated without errors that block computing: what every
/// computation takes. Cheap to copy (shared, immutable) and safe to use from
/// several threads at once.
class Charter {
  public:
    const std::string& name() const; ///< as given to load()
    const std::string& id() const;
    const std::string& title() const;
    const std::string& currency() const; ///< ISO 4217 code
    int minor_digits() const;            ///< 2 for EUR, 0 for JPY
    std::vector<std::string> parties() const;
    std::vector<std::string> streams() const;
    std::vector<std::string> scenarios() const;
    std::vector<std::string> exit_triggers() const;
    /// Warnings and notes found while loading (they never block computing).
    const std::vector<Diagnostic>& diagnostics() const;

    explicit Charter(std::shared_ptr<const detail::CharterData> data) : m_data(std::move(data)) {}
    const detail::CharterData& data() const { return *m_data; }

  private:
    std::shared_ptr<const detail::CharterData> m_data;
};

/// Validates `text` and hands out the charter ready to compute. Errors that
/// block computing come back as ErrorKind::Invalid with the diagnostics
/// (ErrorKind::NotYaml when the text is not a YAML mapping). A scenario whose
/// `expect` no longer holds, or an exit that cannot be priced, does not block:
/// that is what computing it shows.
Expected<Charter, Error> load(std::string text, std::string name);

/// Reads `path` (at most kMaxCharterBytes; "-" is not special here) and loads it.
Expected<Charter, Error> load_file(const std::string& path);

} // namespace charter
