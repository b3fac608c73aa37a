// The structural check: a YAML tree walked against the table.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

#include "num/currency.hpp"
#include "num/number.hpp"
#include "schema/schema.hpp"
#include "util/date.hpp"
#include "util/text.hpp"

namespace charter::schema {

namespace {

/// The bytes an id is made of: a-z, 0-9 and '-'.
constexpr std::array<bool, 256> kIdByte = [] {
    std::array<bool, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) {
        t[static_cast<std::size_t>(c)] = true;
    }
    for (int c = '0'; c <= '9'; ++c) {
        t[static_cast<std::size_t>(c)] = true;
    }
    t['-'] = true;
    return t;
}();

} // namespace

bool is_valid_id(std::string_view s) {
    if (s.empty() || s.size() > 64 || s[0] == '-') {
        return false;
    }
    bool ok = true;
    for (char c : s) {
        ok &= kIdByte[static_cast<unsigned char>(c)];
    }
    return ok;
}

namespace {

std::string found(const Node& n) {
    switch (n.kind) {
    case NodeKind::Null:
        return "nothing";
    case NodeKind::Mapping:
        return "a mapping";
    case NodeKind::Sequence:
        return "a list";
    case NodeKind::Scalar:
        break;
    }
    return fmt::format("'{}'", text::shown(n.value));
}

/// The name a node is known by in messages: its key, or its list position.
std::string label(const Node& n) {
    if (n.key) {
        return fmt::format("'{}'", text::shown(n.key->value));
    }
    if (n.parent && n.parent->key && n.index >= 0) {
        return fmt::format("'{}' entry {}", text::shown(n.parent->key->value), n.index + 1);
    }
    return "the value";
}

struct ScalarIssue {
    Code code;
    std::string message;
    std::string help;
};

/// An id: lower-case letters, digits and '-', at most 64 characters.
std::optional<ScalarIssue> id_issue(std::string_view v) {
    if (is_valid_id(v)) {
        return std::nullopt;
    }
    if (v.size() > 64) {
        return ScalarIssue{
            Code::BadId,
            fmt::format("id '{}' is {} characters long, more than 64", text::shown(v), v.size()),
            "shorten the id"};
    }
    return ScalarIssue{
        Code::BadId, fmt::format("'{}' is not a valid id", text::shown(v)),
        "ids use lower-case letters, digits and '-', and start with a letter or digit"};
}

/// An ISO 4217 code; a lower-case one is named in upper case in the help.
std::optional<ScalarIssue> currency_issue(std::string_view v) {
    if (num::minor_units(v)) {
        return std::nullopt;
    }
    std::string upper;
    for (char c : v) {
        upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    std::string help = "use an ISO 4217 code such as USD, EUR, JPY or GBP";
    if (upper != v && num::minor_units(upper)) {
        help = fmt::format("currency codes are upper-case: did you mean {}?", upper);
    }
    return ScalarIssue{Code::UnknownCurrency,
                       fmt::format("'{}' is not an ISO 4217 currency code", text::shown(v)), help};
}

/// One of the type's words, with the nearest one suggested.
std::optional<ScalarIssue> enum_issue(const Node& n, const Type& t) {
    std::string_view v = n.value;
    for (const auto& w : t.words) {
        if (w == v) {
            return std::nullopt;
        }
    }
    std::vector<std::string_view> words(t.words.begin(), t.words.end());
    std::string_view close = text::suggest(v, words);
    std::string help = close.empty() ? fmt::format("expected {}", t.what)
                                     : fmt::format("did you mean '{}'?", close);
    std::string what = n.key ? fmt::format("a value of '{}'", n.key->value) : "an allowed value";
    return ScalarIssue{Code::BadEnum, fmt::format("'{}' is not {}", text::shown(v), what), help};
}

/// `charter: 1`, the number (not the text "1").
std::optional<ScalarIssue> version_issue(const Node& n, ScalarType st) {
    if (st == ScalarType::Int && n.value == "1") {
        return std::nullopt;
    }
    if (n.value == "1") {
        return ScalarIssue{Code::UnsupportedVersion,
                           "the format version is the number 1, not the text \"1\"",
                           "remove the quotes: `charter: 1`"};
    }
    return ScalarIssue{Code::UnsupportedVersion,
                       fmt::format("charter format version {} is not supported", found(n)),
                       "this version of charter reads format version 1: write `charter: 1`"};
}

/// A whole number of at least the type's minimum, or a plain decimal.
std::optional<ScalarIssue> number_issue(const Node& n, const Type& t, ScalarType st) {
    std::string_view v = n.value;
    if (t.scalar == ScalarKind::Integer) {
        bool digits =
            !v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string::npos;
        if (st == ScalarType::Int && digits && std::stoll(std::string(v)) >= t.minimum) {
            return std::nullopt;
        }
        return ScalarIssue{Code::BadNumber, fmt::format("expected {}, found {}", t.what, found(n)),
                           fmt::format("write a whole number of at least {}", t.minimum)};
    }
    int decimals = 0;
    if (st != ScalarType::Bool && !num::decimal_problem(v, decimals)) {
        return std::nullopt;
    }
    return ScalarIssue{Code::BadNumber, fmt::format("expected {}, found {}", t.what, found(n)),
                       "write a number such as 2.5, without a sign or exponent"};
}

/// Which fields of its type a mapping gives, noted while its entries are
/// checked, so that "is `k` given?" needs no second scan of the entries.
class Given {
  public:
    Given(const Node& n, const Type& t) : m_n(n), m_t(t) {}

    void add(std::size_t field) {
        if (field < kBits) {
            m_bits |= std::uint64_t{1} << field;
        }
    }
    bool has_field(std::size_t field) const {
        if (field < kBits) {
            return ((m_bits >> field) & 1u) != 0;
        }
        return m_n.entry(m_t.fields[field].name) != nullptr;
    }
    bool has(std::string_view key) const {
        std::size_t field = m_t.field_index(key);
        return field < m_t.fields.size() ? has_field(field) : m_n.entry(key) != nullptr;
    }

  private:
    static constexpr std::size_t kBits = 64;
    const Node& m_n;
    const Type& m_t;
    std::uint64_t m_bits = 0;
};

class Checker {
  public:
    Checker(const Tree& tree, std::vector<Diagnostic>& out) : m_tree(tree), m_out(out) {}

    void run() {
        const Node* root = m_tree.root;
        if (!root->is_mapping()) {
            report(Code::RootNotMapping, *root, m_tree.where(*root),
                   fmt::format("the top level is {}, not a mapping", found(*root)),
                   "a charter is a mapping of keys such as `charter: 1`, `id:`, `parties:`");
            return;
        }
        if (const Node* cur = root->get("currency"); cur && cur->is_scalar()) {
            if (auto digits = num::minor_units(cur->value)) {
                m_digits = *digits;
                m_currency = cur->value;
            }
        }
        check(*root, charter_type());
    }

  private:
    void report(Code code, const Node& n, Location loc, std::string message,
                std::string help = {}) {
        m_out.push_back(
            make_diagnostic(code, loc, charter_path(&n), std::move(message), std::move(help)));
    }

    void check(const Node& n, const Type& t) {
        if (n.alias) {
            return; // reported by the loader
        }
        if (n.is_null()) {
            report(Code::EmptyValue, n, m_tree.where_key(n),
                   fmt::format("{} has no value", label(n)), fmt::format("give {}", t.what));
            return;
        }
        switch (t.kind) {
        case Kind::Object:
            return check_object(n, t);
        case Kind::List:
            return check_list(n, t);
        case Kind::Map:
            return check_map(n, t);
        case Kind::Scalar:
            return check_scalar(n, t);
        case Kind::Union:
            return check_union(n, t);
        }
    }

    void wrong_type(const Node& n, const Type& t) {
        report(Code::WrongType, n, m_tree.where(n),
               fmt::format("expected {}, found {}", t.what, found(n)));
    }

    void check_object(const Node& n, const Type& t) {
        if (!n.is_mapping()) {
            return wrong_type(n, t);
        }
        Given given(n, t);
        for (std::size_t i = 0; i < n.entries.size(); ++i) {
            const MapEntry& e = n.entries[i];
            // only a scalar key has a name: the key node is read only when empty
            if (e.name.empty() && !e.key->is_scalar()) {
                continue; // reported by the loader
            }
            std::string_view k = e.name;
            if (k.compare(0, 2, "x-") == 0 || (k == "<<" && e.key->style == ScalarStyle::Plain)) {
                continue; // an extension, or a merge key (reported by the loader)
            }
            std::size_t field = t.field_index(k);
            if (field == t.fields.size()) {
                unknown_key(t, *e.key, *e.value);
                continue;
            }
            given.add(field);
            const Field* f = &t.fields[field];
            if (std::size_t groups = comma_groups(n, i); groups > 0) {
                thousands_commas(n, i, groups, *f->type);
                i += groups; // the groups are one mistake, not unknown keys
                continue;
            }
            check(*e.value, *f->type);
        }
        for (std::size_t field = 0; field < t.fields.size(); ++field) {
            const Field& f = t.fields[field];
            if (f.required && !given.has_field(field) && !in_one_of(t, f.name)) {
                report(Code::MissingKey, n, m_tree.where_key(n),
                       fmt::format("{} is missing the required key '{}'", t.what, f.name),
                       f.description.empty()
                           ? fmt::format("add `{}:`", f.name)
                           : fmt::format("add `{}:` ({})", f.name, f.description));
            }
        }
        for (const auto& constraint : t.one_of) {
            check_one_of(n, t, given, constraint);
        }
        for (const auto& [k, needed] : t.needs) {
            if (!given.has(k) || given.has(needed)) {
                continue;
            }
            if (const MapEntry* e = n.entry(k)) {
                report(Code::DependentKey, *e->value, m_tree.where(*e->key),
                       fmt::format("'{}' is given without '{}'", k, needed),
                       fmt::format("'{}' only has a meaning together with '{}'", k, needed));
            }
        }
    }

    static bool digits(std::string_view s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
    }

    /// `{value: 1,500,000}`: YAML reads `value: 1` and keys `500` and `000`.
    /// How many such groups follow entry i of a flow mapping (0: none).
    static std::size_t comma_groups(const Node& n, std::size_t i) {
        const Node* v = n.entries[i].value;
        if (!n.flow || !v->is_scalar() || v->style != ScalarStyle::Plain || !digits(v->value) ||
            v->value.size() > 3) {
            return 0;
        }
        std::size_t g = 0;
        for (std::size_t j = i + 1; j < n.entries.size(); ++j, ++g) {
            const MapEntry& e = n.entries[j];
            std::string_view k = e.key->value;
            std::string_view whole = k.substr(0, k.find('.'));
            bool group = e.key->style == ScalarStyle::Plain && e.value->is_null() &&
                         whole.size() == 3 && digits(whole) &&
                         (whole.size() == k.size() || digits(k.substr(4)));
            if (!group) {
                break;
            }
        }
        return g;
    }

    void thousands_commas(const Node& n, std::size_t i, std::size_t groups, const Type& t) {
        const Node& v = *n.entries[i].value;
        const Node& last = *n.entries[i + groups].key;
        std::string written(v.value), underscored(v.value), plain(v.value);
        for (std::size_t j = 1; j <= groups; ++j) {
            std::string_view g = n.entries[i + j].key->value;
            (written += ',') += g;
            (underscored += '_') += g;
            plain += g;
        }
        bool money = t.kind == Kind::Scalar && t.scalar == ScalarKind::Money;
        report(money ? Code::BadMoney : Code::BadNumber, v, m_tree.source->span(v.begin, last.end),
               fmt::format("'{}' is read as {} entries: inside {{ }} a comma separates entries",
                           written, groups + 1),
               fmt::format("write {} (or {})", underscored, plain));
    }

    static bool in_one_of(const Type& t, std::string_view key) {
        for (const auto& c : t.one_of) {
            for (const auto& alt : c) {
                for (const auto& k : alt) {
                    if (k == key) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    void unknown_key(const Type& t, const Node& key, const Node& value) {
        std::vector<std::string_view> names;
        for (const auto& f : t.fields) {
            names.push_back(f.name);
        }
        std::string_view close = text::suggest(key.value, names);
        std::string help = close.empty() ? fmt::format("{} has the keys {} (and x- extensions)",
                                                       t.what, text::join_words(names, " and "))
                                         : fmt::format("did you mean '{}'?", close);
        report(Code::UnknownKey, value, m_tree.where(key),
               fmt::format("unknown key '{}' in {}", text::shown(key.value), t.what),
               std::move(help));
    }

    void check_one_of(const Node& n, const Type& t, const Given& given,
                      const std::vector<std::vector<std::string>>& alts) {
        auto any_given = [&](const std::vector<std::string>& alt) {
            return std::any_of(alt.begin(), alt.end(),
                               [&](const std::string& k) { return given.has(k); });
        };
        std::size_t first_given = alts.size(), count = 0;
        for (std::size_t a = 0; a < alts.size(); ++a) {
            if (any_given(alts[a])) {
                first_given = count++ == 0 ? a : first_given;
            }
        }
        if (count == 1) {
            const auto& alt = alts[first_given];
            bool complete = std::all_of(alt.begin(), alt.end(),
                                        [&](const std::string& k) { return given.has(k); });
            if (complete) {
                return; // the usual case: no message to word
            }
        }
        std::vector<std::size_t> present; // alternatives with at least one key given
        for (std::size_t a = 0; a < alts.size(); ++a) {
            if (any_given(alts[a])) {
                present.push_back(a);
            }
        }
        auto describe = [&](const std::vector<std::string>& alt) {
            std::vector<std::string_view> quoted;
            std::vector<std::string> tmp;
            for (const auto& k : alt) {
                tmp.push_back("'" + k + "'");
            }
            for (const auto& s : tmp) {
                quoted.push_back(s);
            }
            return text::join_words(quoted, " and ");
        };
        std::vector<std::string> choices;
        for (const auto& alt : alts) {
            choices.push_back(describe(alt));
        }
        std::vector<std::string_view> choice_views(choices.begin(), choices.end());
        std::string all_choices = text::join_words(choice_views, ", or ");
        if (present.empty()) {
            report(Code::ConflictingKeys, n, m_tree.where_key(n),
                   fmt::format("{} needs {}", t.what, all_choices),
                   fmt::format("give exactly one of {}", all_choices));
            return;
        }
        if (present.size() > 1) {
            // point at the first key of the second alternative given
            const Node* later = nullptr;
            for (const auto& e : n.entries) {
                for (const auto& k : alts[present[1]]) {
                    if (e.key->value == k && !later) {
                        later = e.key;
                    }
                }
            }
            const MapEntry* first = nullptr;
            for (const auto& k : alts[present[0]]) {
                if ((first = n.entry(k))) {
                    break;
                }
            }
            Diagnostic d =
                make_diagnostic(Code::ConflictingKeys, m_tree.where(*later), charter_path(&n),
                                fmt::format("'{}' cannot be given together with '{}'", later->value,
                                            first->key->value),
                                fmt::format("{} takes exactly one of {}", t.what, all_choices));
            d.notes.push_back(Related{fmt::format("'{}' is given here", first->key->value),
                                      m_tree.where(*first->key)});
            m_out.push_back(std::move(d));
            return;
        }
        const auto& alt = alts[present[0]];
        for (const auto& k : alt) {
            if (!n.entry(k)) {
                report(Code::MissingKey, n, m_tree.where_key(n),
                       fmt::format("{} is missing the key '{}'", t.what, k),
                       fmt::format("with {}, give all of them", describe(alt)));
            }
        }
    }

    void check_list(const Node& n, const Type& t) {
        if (!n.is_sequence()) {
            return wrong_type(n, t);
        }
        if (static_cast<int>(n.items.size()) < t.min_items) {
            report(Code::TooFewItems, n, n.key ? m_tree.where(*n.key) : m_tree.where(n),
                   fmt::format("{} has {} {}, at least {} needed", label(n), n.items.size(),
                               n.items.size() == 1 ? "entry" : "entries", t.min_items));
        }
        for (const Node* item : n.items) {
            check(*item, *t.item);
        }
        // ids are unique within a list
        if (t.item->kind == Kind::Object && t.item->field("id")) {
            unique_ids(n);
        }
    }

    /// Reports each id given again in a list, with a note at its first use.
    /// A short list (most of a charter's) is searched without a hash table.
    void unique_ids(const Node& n) {
        constexpr std::size_t kShort = 16;
        std::array<const Node*, kShort> few{};
        std::size_t count = 0;
        std::unordered_map<std::string_view, const Node*> seen;
        for (const Node* item : n.items) {
            const Node* id = item->is_mapping() ? item->get("id") : nullptr;
            if (!id || !id->is_scalar()) {
                continue;
            }
            const Node* first = nullptr;
            if (n.items.size() <= kShort) {
                for (std::size_t i = 0; i < count && !first; ++i) {
                    first = few[i]->value == id->value ? few[i] : nullptr;
                }
                few[count++] = id;
            } else if (auto [it, fresh] = seen.emplace(id->value, id); !fresh) {
                first = it->second;
            }
            if (first) {
                Diagnostic d = make_diagnostic(
                    Code::DuplicateId, m_tree.where(*id), charter_path(id),
                    fmt::format("duplicate id '{}' in {}", text::shown(id->value), label(n)),
                    "ids must be unique within their list: rename one");
                d.notes.push_back(Related{"first used here", m_tree.where(*first)});
                m_out.push_back(std::move(d));
            }
        }
    }

    void check_map(const Node& n, const Type& t) {
        if (!n.is_mapping()) {
            return wrong_type(n, t);
        }
        for (const auto& e : n.entries) {
            if (e.name.empty() && !e.key->is_scalar()) {
                continue;
            }
            if (!is_valid_id(e.name)) {
                report(Code::BadId, *e.value, m_tree.where(*e.key),
                       fmt::format("'{}' is not a valid id", text::shown(e.key->value)),
                       "ids use lower-case letters, digits and '-', start with a letter or digit, "
                       "and have at most 64 characters");
            }
            check(*e.value, *t.value);
        }
    }

    void check_union(const Node& n, const Type& t) {
        if (n.is_mapping() || n.is_sequence()) {
            for (const Type* a : t.alternatives) {
                bool fits = n.is_mapping() ? (a->kind == Kind::Object || a->kind == Kind::Map)
                                           : a->kind == Kind::List;
                if (fits) {
                    return check(n, *a);
                }
            }
            return wrong_type(n, t);
        }
        // most values fit an alternative: find it without making the
        // messages (and suggestions) of the alternatives they do not fit
        for (const Type* a : t.alternatives) {
            if (a->kind == Kind::Scalar && scalar_fits(n, *a)) {
                return;
            }
        }
        std::vector<const Type*> scalars;
        for (const Type* a : t.alternatives) {
            if (a->kind == Kind::Scalar) {
                scalars.push_back(a);
            }
        }
        if (scalars.empty()) {
            return wrong_type(n, t);
        }
        std::optional<ScalarIssue> last;
        for (const Type* a : scalars) {
            auto issue = scalar_issue(n, *a);
            if (!issue) {
                return;
            }
            if (!last || a->scalar != ScalarKind::Enum) {
                last = std::move(issue);
            }
        }
        if (scalars.size() == 1) {
            report(last->code, n, m_tree.where(n), last->message, last->help);
            return;
        }
        report(last->code, n, m_tree.where(n),
               fmt::format("expected {}, found {}", t.what, found(n)),
               last->help.empty() ? last->message : last->help);
    }

    /// Whether scalar_issue finds nothing, without its message for a word
    /// that is not one of an enum's.
    bool scalar_fits(const Node& n, const Type& t) {
        if (t.scalar == ScalarKind::Enum) {
            return n.is_scalar() &&
                   std::find(t.words.begin(), t.words.end(), n.value) != t.words.end();
        }
        return !scalar_issue(n, t);
    }

    void check_scalar(const Node& n, const Type& t) {
        if (auto issue = scalar_issue(n, t)) {
            report(issue->code, n, m_tree.where(n), issue->message, issue->help);
        }
    }

    /// An amount: digits with '_' and '.', at most the currency's minor digits.
    std::optional<ScalarIssue> money_issue(const Node& n, const Type& t, ScalarType st) const {
        std::string_view v = n.value;
        if (st == ScalarType::Bool) {
            return ScalarIssue{
                Code::BadMoney, fmt::format("expected {}, found {}", t.what, found(n)), {}};
        }
        int decimals = 0;
        if (auto problem = num::decimal_problem(v, decimals)) {
            return ScalarIssue{Code::BadMoney, problem->message,
                               problem->help.empty()
                                   ? "write digits with an optional '.' and '_' separators, "
                                     "such as 1_500_000 or 250000.50"
                                   : problem->help};
        }
        if (m_digits >= 0 && decimals > m_digits) {
            auto m = num::parse_money(v, m_digits, m_currency);
            return ScalarIssue{Code::MoneyPrecision,
                               m ? std::string("too many decimals") : m.error().message,
                               m ? std::string() : m.error().help};
        }
        return std::nullopt;
    }

    std::optional<ScalarIssue> scalar_issue(const Node& n, const Type& t) {
        if (!n.is_scalar()) {
            return ScalarIssue{
                Code::WrongType, fmt::format("expected {}, found {}", t.what, found(n)), {}};
        }
        std::string_view v = n.value;
        // how the core schema reads it: needed by a few kinds only
        auto st = [&n] { return n.scalar_type(); };
        switch (t.scalar) {
        case ScalarKind::Text:
            return std::nullopt;
        case ScalarKind::Id:
            return id_issue(v);
        case ScalarKind::Date: {
            auto d = parse_date(v);
            if (d) {
                return std::nullopt;
            }
            return ScalarIssue{Code::BadDate, d.error().message, d.error().help};
        }
        case ScalarKind::Duration: {
            auto d = parse_duration(v);
            if (d) {
                return std::nullopt;
            }
            return ScalarIssue{Code::BadDuration, d.error().message, d.error().help};
        }
        case ScalarKind::Period: {
            auto p = parse_period(v);
            if (p) {
                return std::nullopt;
            }
            return ScalarIssue{Code::BadPeriod, p.error().message, p.error().help};
        }
        case ScalarKind::Money:
            return money_issue(n, t, st());
        case ScalarKind::Ratio: {
            if (st() == ScalarType::Bool) {
                return ScalarIssue{
                    Code::BadRatio, fmt::format("expected {}, found {}", t.what, found(n)), {}};
            }
            if (auto problem = num::ratio_problem(v)) {
                return ScalarIssue{Code::BadRatio, problem->message, problem->help};
            }
            return std::nullopt;
        }
        case ScalarKind::Formula:
            if (ScalarType type = st(); type == ScalarType::Bool || type == ScalarType::Null) {
                return ScalarIssue{
                    Code::WrongType, fmt::format("expected {}, found {}", t.what, found(n)), {}};
            }
            return std::nullopt;
        case ScalarKind::Bool:
            if (st() == ScalarType::Bool) {
                return std::nullopt;
            }
            return ScalarIssue{
                Code::WrongType, fmt::format("expected true or false, found {}", found(n)), {}};
        case ScalarKind::Integer:
        case ScalarKind::Decimal:
            return number_issue(n, t, st());
        case ScalarKind::Currency:
            return currency_issue(v);
        case ScalarKind::Enum:
            return enum_issue(n, t);
        case ScalarKind::Version:
            return version_issue(n, st());
        }
        return std::nullopt;
    }

    const Tree& m_tree;
    std::vector<Diagnostic>& m_out;
    int m_digits = -1;
    std::string m_currency;
};

} // namespace

std::vector<Diagnostic> check_structure(const Tree& tree) {
    std::vector<Diagnostic> out;
    if (tree.root) {
        Checker(tree, out).run();
    }
    return out;
}

} // namespace charter::schema
