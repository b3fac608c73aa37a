#include <algorithm>
#include <fstream>

#include "api/internal.hpp"
#include "load/yaml_tree.hpp"
#include "num/number.hpp"
#include "validate/validate.hpp"

namespace charter {

// one limit: the loader's guard and the public constant are the same 8 MiB
static_assert(LoadLimits{}.max_bytes == kMaxCharterBytes);

namespace {

int count(const std::vector<Diagnostic>& diags, Severity s) {
    return static_cast<int>(std::count_if(diags.begin(), diags.end(),
                                          [s](const Diagnostic& d) { return d.severity == s; }));
}

} // namespace

int Validation::errors() const {
    return count(diagnostics, Severity::Error);
}

int Validation::warnings() const {
    return count(diagnostics, Severity::Warning);
}

bool Validation::passed(bool strict) const {
    return errors() == 0 && (!strict || warnings() == 0);
}

Validation validate(std::string text, std::string name, const ValidateOptions& options) {
    auto source = std::make_shared<const Source>(name, std::move(text));
    Validated v = validate_source(source, {.scenarios = options.scenarios, .exits = options.exits});
    return Validation{std::move(name), std::move(v.report.diagnostics)};
}

const std::string& Charter::name() const {
    return m_data->source->name();
}
const std::string& Charter::id() const {
    return m_data->model.id;
}
const std::string& Charter::title() const {
    return m_data->model.title;
}
const std::string& Charter::currency() const {
    return m_data->model.currency;
}
int Charter::minor_digits() const {
    return m_data->model.minor_digits;
}
std::vector<std::string> Charter::parties() const {
    std::vector<std::string> ids;
    for (const auto& p : m_data->model.parties) {
        ids.push_back(p.id);
    }
    return ids;
}
std::vector<std::string> Charter::streams() const {
    std::vector<std::string> ids;
    if (m_data->model.economics) {
        for (const auto& s : m_data->model.economics->streams) {
            ids.push_back(s.id);
        }
    }
    return ids;
}
std::vector<std::string> Charter::scenarios() const {
    std::vector<std::string> ids;
    for (const auto& s : m_data->model.scenarios) {
        ids.push_back(s.id);
    }
    return ids;
}
std::vector<std::string> Charter::exit_triggers() const {
    std::vector<std::string> ids;
    if (m_data->model.exit_triggers) {
        for (const auto& t : *m_data->model.exit_triggers) {
            ids.push_back(t.id);
        }
    }
    return ids;
}
const std::vector<Diagnostic>& Charter::diagnostics() const {
    return m_data->diagnostics;
}

Expected<Charter, Error> load(std::string text, std::string name) {
    if (text.size() > kMaxCharterBytes) {
        return unexpected(api::too_large(name, text.size()));
    }
    auto data = std::make_shared<detail::CharterData>();
    data->source = std::make_shared<const Source>(std::move(name), std::move(text));
    CHARTER_TRY(data->model, api::prepare(data->source, &data->diagnostics));
    return Charter(std::move(data));
}

Expected<Charter, Error> load_file(const std::string& path) {
    std::ifstream none;
    CHARTER_TRY(auto text, api::read_charter(path == "-" ? "./-" : path, none));
    return load(std::move(text), path);
}

const char* error_kind_name(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Unreadable:
        return "unreadable";
    case ErrorKind::TooLarge:
        return "too-large";
    case ErrorKind::NotYaml:
        return "not-yaml";
    case ErrorKind::Invalid:
        return "invalid";
    case ErrorKind::Request:
        return "request";
    case ErrorKind::Ledger:
        return "ledger";
    case ErrorKind::Compute:
        return "compute";
    case ErrorKind::NeedsInput:
        return "needs-input";
    case ErrorKind::TooMany:
        return "too-many";
    }
    return "compute";
}

} // namespace charter

namespace charter::api {

Expected<std::string, Error> read_charter(const std::string& path, std::istream& stdin_stream) {
    auto read = read_input(path, kMaxCharterBytes, stdin_stream);
    if (!read) {
        return unexpected(api::to_error(read.error()));
    }
    if (read->too_large) {
        return unexpected(api::make_error(ErrorKind::TooLarge,
                                          "'" + path + "' " + read->over_limit(kMaxCharterBytes) +
                                              ": too large for a charter"));
    }
    return std::move(read->text);
}

Expected<model::Charter, Error> prepare(const std::shared_ptr<const Source>& source,
                                        std::vector<Diagnostic>* warnings) {
    // scenarios and exits are what the computations compute themselves: a
    // scenario that no longer holds is what they show, not an error
    Validated v = validate_source(source, {.scenarios = false, .exits = false});
    std::vector<Diagnostic> blocking;
    for (auto& d : v.report.diagnostics) {
        if (d.severity == Severity::Error) {
            blocking.push_back(std::move(d));
        } else if (warnings) {
            warnings->push_back(std::move(d));
        }
    }
    if (!v.charter) {
        return unexpected(api::make_error(ErrorKind::NotYaml,
                                          "'" + source->name() + "' cannot be read as YAML", {},
                                          std::move(blocking)));
    }
    if (!blocking.empty()) {
        return unexpected(api::make_error(
            ErrorKind::Invalid, "'" + source->name() + "' has errors",
            "fix them first (charter validate " + source->name() + ")", std::move(blocking)));
    }
    return std::move(*v.charter);
}

namespace {

ErrorKind error_kind(ProblemKind kind) {
    switch (kind) {
    case ProblemKind::NeedsInput:
        return ErrorKind::NeedsInput;
    case ProblemKind::Ledger:
        return ErrorKind::Ledger;
    case ProblemKind::ExitUsage:
    case ProblemKind::Number:
    case ProblemKind::Date:
        return ErrorKind::Request;
    case ProblemKind::Unreadable:
        return ErrorKind::Unreadable;
    case ProblemKind::Syntax:
    case ProblemKind::TooLarge:
    case ProblemKind::UnknownName:
    case ProblemKind::Type:
    case ProblemKind::DivisionByZero:
    case ProblemKind::Missing:
    case ProblemKind::Domain:
    case ProblemKind::Invalid:
    case ProblemKind::Compute:
        break;
    }
    return ErrorKind::Compute;
}

} // namespace

Error to_error(const Problem& p, const model::Charter* charter) {
    Error out = make_error(error_kind(p.kind), p.message, p.help);
    if (p.kind == ProblemKind::Ledger) {
        out.loc.line = p.line;
    }
    if (p.node && charter && charter->tree) {
        out.loc = charter->tree->where(*p.node);
        out.path = charter_path(p.node);
    }
    return out;
}

Error too_large(const std::string& name, std::size_t size) {
    return make_error(ErrorKind::TooLarge, "'" + name + "' is " + std::to_string(size) +
                                               " bytes, above the limit of " +
                                               std::to_string(kMaxCharterBytes) +
                                               " bytes (8 MiB): too large for a charter");
}

Error request_error(std::string message, std::string help) {
    return make_error(ErrorKind::Request, std::move(message), std::move(help));
}

Error make_error(ErrorKind kind, std::string message, std::string help,
                 std::vector<Diagnostic> diagnostics) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    e.help = std::move(help);
    e.diagnostics = std::move(diagnostics);
    return e;
}

std::string money(const model::Charter& c, const num::Rational& x) {
    return num::format_money(x, c.minor_digits);
}

std::string exact(const num::Rational& x) {
    return num::format_plain(x);
}

std::vector<PartyAmount> money_parts(const model::Charter& c,
                                     const std::vector<compute::PartyAmount>& parts) {
    std::vector<PartyAmount> out;
    out.reserve(parts.size());
    for (const auto& p : parts) {
        out.push_back({p.party, money(c, p.amount)});
    }
    return out;
}

std::vector<PartyAmount> exact_parts(const std::vector<compute::PartyAmount>& parts) {
    std::vector<PartyAmount> out;
    out.reserve(parts.size());
    for (const auto& p : parts) {
        out.push_back({p.party, exact(p.amount)});
    }
    return out;
}

} // namespace charter::api
