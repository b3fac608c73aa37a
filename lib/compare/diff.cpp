#include "compare/diff.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "compute/ledger.hpp"
#include "compute/scenario.hpp"
#include "formula/formula.hpp"
#include "num/currency.hpp"
#include "schema/schema.hpp"

namespace charter::compare {

using Json = nlohmann::ordered_json;
using schema::Kind;
using schema::ScalarKind;
using schema::Type;

bool DiffResult::differs() const {
    return std::any_of(changes.begin(), changes.end(), [](const Change& c) { return !c.cosmetic; });
}

namespace {

/// A value of the normalised charter, as a view over the tree: nothing is
/// normalised ahead of the comparison. A scalar is its text and the type that
/// reads it (read only where the two sides' texts differ); a mapping's or
/// list's entries are made from its node and type when they are compared,
/// so the memory a diff needs beyond the two trees is the entries of the
/// collections on the path being compared, not a second tree per side.
struct Value {
    enum class K : unsigned char { Null, Scalar, Map, List } k = K::Null;
    /// How the entries of a mapping or list are made.
    enum class Shape : unsigned char {
        None,     ///< a scalar or null
        Raw,      ///< the node as written, no type
        Typed,    ///< the node read by `type` (an object, map or list)
        Defaults, ///< an absent object whose fields all have defaults: `type`'s defaults
        One,      ///< `to: acme` as {acme: 100%} (a map), `territory: EU` as [EU] (a list)
    } shape = Shape::None;
    bool quoted = false;   ///< a scalar written in quotes
    bool written = false;  ///< a scalar keeps its text as written (raw scalars do not)
    bool set = false;      ///< a list compared as a set (territories)
    bool implied = false;  ///< a default that depends on another value, not written
    std::string_view name; ///< its key in a mapping
    std::string_view text; ///< a scalar's text; One: the scalar
    const Node* node = nullptr;
    const Type* type =
        nullptr; ///< a scalar's type (null: raw); the type of a Typed or Defaults value
};

/// What a scalar means: its canonical text, what equality compares, its JSON.
struct Reading {
    std::string shown;
    std::string key;
    Json json;
    std::optional<formula::Formula> formula; ///< formulas compare by tree
};

Reading reading(std::string shown, std::string key = {}) {
    Reading r;
    r.key = key.empty() ? shown : std::move(key);
    r.json = shown;
    r.shown = std::move(shown);
    return r;
}

std::string exact_key(const num::Rational& r) {
    return "=" + r.get_str();
}

/// Reads a scalar's text by its type, in a side's currency digits.
Reading read_scalar(std::string_view text, bool quoted, const Type* t, int digits) {
    if (!t || t->kind != Kind::Scalar) {
        return reading(std::string(text));
    }
    switch (t->scalar) {
    case ScalarKind::Ratio:
        if (auto r = num::parse_ratio(text)) {
            return reading(num::format_percent(*r), exact_key(*r));
        }
        break;
    case ScalarKind::Money:
        if (auto d = num::parse_decimal(text)) {
            return reading(num::format_money(d->value, digits), exact_key(d->value));
        }
        break;
    case ScalarKind::Decimal:
        if (auto d = num::parse_decimal(text)) {
            return reading(num::format_plain(d->value), exact_key(d->value));
        }
        break;
    case ScalarKind::Date:
        if (auto d = parse_date(text)) {
            return reading(format_date(*d));
        }
        break;
    case ScalarKind::Duration:
        if (auto d = parse_duration(text)) {
            // weeks are whole days and years whole months: 6w and 42d, 5y and 60m
            // mean the same
            std::string key = d->unit == DurationUnit::Weeks   ? fmt::format("{}d", d->count * 7)
                              : d->unit == DurationUnit::Years ? fmt::format("{}m", d->count * 12)
                                                               : format_duration(*d);
            return reading(format_duration(*d), key);
        }
        break;
    case ScalarKind::Formula:
        if (auto f = formula::parse(text)) {
            Reading r = reading(formula::to_string(*f));
            r.formula = std::move(*f);
            return r;
        }
        break;
    case ScalarKind::Bool:
        if (!quoted && resolve_plain(text) == ScalarType::Bool) {
            Reading r = reading(text[0] == 't' || text[0] == 'T' ? "true" : "false");
            r.json = r.shown == "true";
            return r;
        }
        break;
    case ScalarKind::Integer:
        if (!text.empty() && text.size() <= 9 &&
            text.find_first_not_of("0123456789") == std::string_view::npos) {
            long long x = std::stoll(std::string(text));
            Reading r = reading(std::to_string(x));
            r.json = x;
            return r;
        }
        break;
    case ScalarKind::Version:
        if (!quoted && text == "1") {
            Reading r = reading("1");
            r.json = 1;
            return r;
        }
        break;
    case ScalarKind::Period:
        if (auto p = parse_period(text)) {
            return reading(p->label);
        }
        break;
    default:
        break;
    }
    return reading(std::string(text));
}

Value null_value() {
    return Value{};
}

Value scalar_value(std::string_view text, bool quoted, const Type* t, bool written = true) {
    Value v;
    v.k = Value::K::Scalar;
    v.text = text;
    v.quoted = quoted;
    v.type = t;
    v.written = written;
    return v;
}

Value raw(const Node* n) {
    Value v;
    if (!n || n->is_null()) {
        return v;
    }
    if (n->is_scalar()) {
        return scalar_value(n->value, false, nullptr, false);
    }
    v.k = n->is_mapping() ? Value::K::Map : Value::K::List;
    v.shape = Value::Shape::Raw;
    v.node = n;
    return v;
}

/// A key of an exactly-one-of choice (a step's `recoup`): never implied.
bool in_one_of(const Type& t, const std::string& key) {
    for (const auto& constraint : t.one_of) {
        for (const auto& alt : constraint) {
            if (std::find(alt.begin(), alt.end(), key) != alt.end()) {
                return true;
            }
        }
    }
    return false;
}

/// An absent object whose every field has a default (an exit trigger's
/// `licenses`): absent means all of them.
bool all_defaults(const Type& t, const schema::Field& f) {
    return f.type->kind == Kind::Object && !f.type->fields.empty() && !in_one_of(t, f.name) &&
           std::all_of(f.type->fields.begin(), f.type->fields.end(),
                       [](const schema::Field& x) { return !x.default_value.empty(); });
}

Value default_value(const schema::Field& f) {
    const Type* t = f.type;
    if (t->kind == Kind::Union) {
        for (const Type* a : t->alternatives) {
            if (a->kind == Kind::Scalar) {
                return scalar_value(f.default_value, false, a);
            }
        }
    }
    return scalar_value(f.default_value, false, t);
}

/// What a side's defaults that depend on other values resolve to (ISO
/// dates; empty when the side does not say).
struct Facts {
    std::string effective; ///< a license's `starts` when not written
    std::string term_ends; ///< a license's `ends` when not written; a term's last day
};

Value of(const Node* n, const Type* t);

/// A default that depends on another value: a license's `starts` is the
/// effective date, its `ends` the end of term.
const std::string* dynamic_default(const Type& t, const schema::Field& f, const Facts& facts) {
    if (t.def_name != "license") {
        return nullptr;
    }
    const std::string* d = f.name == "starts" ? &facts.effective
                           : f.name == "ends" ? &facts.term_ends
                                              : nullptr;
    return d && !d->empty() ? d : nullptr;
}

Value union_value(const Node* n, const Type& t) {
    const Type* list_alt = nullptr;
    const Type* map_alt = nullptr;
    const Type* other = nullptr; // the last scalar form that is not an enum
    for (const Type* a : t.alternatives) {
        if (a->kind == Kind::List) {
            list_alt = a;
        } else if (a->kind == Kind::Map || a->kind == Kind::Object) {
            map_alt = a;
        } else if (a->scalar != ScalarKind::Enum) {
            other = a;
        }
    }
    bool territory = t.def_name == "territory";
    if (n->is_mapping()) {
        return map_alt ? of(n, map_alt) : raw(n);
    }
    if (n->is_sequence()) {
        Value v = list_alt ? of(n, list_alt) : raw(n);
        v.set = territory;
        return v;
    }
    // a scalar: enum words first, then the other scalar forms
    for (const Type* a : t.alternatives) {
        bool scalar = a->kind != Kind::List && a->kind != Kind::Map && a->kind != Kind::Object;
        if (scalar && a->scalar == ScalarKind::Enum &&
            std::find(a->words.begin(), a->words.end(), n->value) != a->words.end()) {
            return scalar_value(n->value, false, a);
        }
    }
    // `to: acme` is {acme: 100%}; `asset: x` is [x]; `territory: EU` is [EU]
    if (map_alt && map_alt->kind == Kind::Map && other && other->scalar == ScalarKind::Id) {
        Value v;
        v.k = Value::K::Map;
        v.shape = Value::Shape::One;
        v.node = n;
        v.type = map_alt->value;
        return v;
    }
    if (list_alt && other) {
        Value v;
        v.k = Value::K::List;
        v.shape = Value::Shape::One;
        v.node = n;
        v.type = other;
        v.set = territory;
        return v;
    }
    return scalar_value(n->value, n->style != ScalarStyle::Plain, other);
}

/// A node read by its type (null: as written).
Value of(const Node* n, const Type* t) {
    if (!n || n->is_null()) {
        return null_value();
    }
    if (!t) {
        return raw(n);
    }
    Value v;
    v.node = n;
    v.type = t;
    v.shape = Value::Shape::Typed;
    switch (t->kind) {
    case Kind::Scalar:
        return n->is_scalar() ? scalar_value(n->value, n->style != ScalarStyle::Plain, t) : raw(n);
    case Kind::Object:
    case Kind::Map:
        if (!n->is_mapping()) {
            return raw(n);
        }
        v.k = Value::K::Map;
        return v;
    case Kind::List:
        if (!n->is_sequence()) {
            return raw(n);
        }
        v.k = Value::K::List;
        return v;
    case Kind::Union:
        return union_value(n, *t);
    }
    return raw(n);
}

Value named(Value v, std::string_view name) {
    v.name = name;
    return v;
}

/// Whether a ratio map's entry is 0% (`globex: 0%` means the same as no entry).
bool zero_ratio(const Value& x) {
    if (x.k != Value::K::Scalar || !x.type || x.type->scalar != ScalarKind::Ratio) {
        return false;
    }
    auto r = num::parse_ratio(x.text);
    return r && *r == 0;
}

/// The entries of a mapping (fields in schema order then other keys sorted,
/// or keys sorted) or the items of a list, appended to `out`. With a side's
/// facts, defaults that depend on other values are filled in.
void entries_of(const Value& v, std::vector<Value>& out, const Facts* facts = nullptr) {
    const std::size_t from = out.size();
    auto by_name = [](const Value& x, const Value& y) { return x.name < y.name; };
    switch (v.shape) {
    case Value::Shape::None:
        return;
    case Value::Shape::Raw:
        if (v.k == Value::K::Map) {
            for (const auto& e : v.node->entries) {
                out.push_back(named(raw(e.value), e.key->value));
            }
        } else {
            for (const Node* i : v.node->items) {
                out.push_back(raw(i));
            }
        }
        return;
    case Value::Shape::Defaults:
        for (const auto& x : v.type->fields) {
            out.push_back(named(default_value(x), x.name));
        }
        return;
    case Value::Shape::One:
        if (v.k == Value::K::Map) {
            out.push_back(named(scalar_value("1", false, v.type), v.node->value));
        } else {
            out.push_back(scalar_value(v.node->value, v.node->style != ScalarStyle::Plain, v.type));
        }
        return;
    case Value::Shape::Typed:
        break;
    }
    const Type& t = *v.type;
    if (t.kind == Kind::List) {
        for (const Node* i : v.node->items) {
            out.push_back(of(i, t.item));
        }
        return;
    }
    if (t.kind == Kind::Map) {
        for (const auto& e : v.node->entries) {
            Value x = named(of(e.value, t.value), e.key->value);
            if (!zero_ratio(x)) {
                out.push_back(x);
            }
        }
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), by_name);
        return;
    }
    for (const auto& f : t.fields) {
        if (const Node* c = v.node->get(f.name)) {
            out.push_back(named(of(c, f.type), f.name));
        } else if (!f.default_value.empty()) {
            out.push_back(named(default_value(f), f.name));
        } else if (const std::string* dyn = facts ? dynamic_default(t, f, *facts) : nullptr) {
            Value x = named(scalar_value(*dyn, false, f.type), f.name);
            x.implied = true;
            out.push_back(x);
        } else if (all_defaults(t, f)) {
            Value d;
            d.k = Value::K::Map;
            d.shape = Value::Shape::Defaults;
            d.type = f.type;
            out.push_back(named(d, f.name));
        }
    }
    const std::size_t extra = out.size();
    for (const auto& e : v.node->entries) {
        if (!t.field(e.key->value)) {
            out.push_back(named(raw(e.value), e.key->value));
        }
    }
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(extra), out.end(), by_name);
}

std::vector<Value> entries_of(const Value& v, const Facts* facts = nullptr) {
    std::vector<Value> out;
    entries_of(v, out, facts);
    return out;
}

/// One side of the comparison: the currency digits its money is shown in.
struct Reader {
    int digits = 2;
    Facts facts;

    Reading read(const Value& v) const { return read_scalar(v.text, v.quoted, v.type, digits); }

    std::string shown(const Value& v) const {
        return v.k == Value::K::Scalar ? read(v).shown : std::string();
    }

    /// The `id` of a mapping ("" when it has none).
    std::string id(const Value& v) const {
        if (v.k != Value::K::Map) {
            return {};
        }
        // an object with an `id` field: one look-up, not all its entries
        // (lists of thousands of objects are matched by id)
        if (v.shape == Value::Shape::Typed && v.type->kind == Kind::Object) {
            const schema::Field* f = v.type->field("id");
            if (const Node* c = f ? v.node->get("id") : nullptr) {
                return shown(of(c, f->type));
            }
        }
        for (const Value& x : entries_of(v)) {
            if (x.name == "id") {
                return shown(x);
            }
        }
        return {};
    }

    Json json(const Value& v) const {
        switch (v.k) {
        case Value::K::Null:
            return nullptr;
        case Value::K::Scalar:
            return read(v).json;
        case Value::K::Map: {
            Json j = Json::object();
            for (const Value& x : entries_of(v)) {
                j[std::string(x.name)] = json(x);
            }
            return j;
        }
        case Value::K::List: {
            Json j = Json::array();
            for (const Value& x : entries_of(v)) {
                j.push_back(json(x));
            }
            return j;
        }
        }
        return nullptr;
    }
};

/// A list whose items are matched by `id`: a typed list of objects with an
/// `id` field, or a list written without a type whose items all have one.
bool keyed(const Value& list, const std::vector<Value>& items, const Reader& reader) {
    if (list.shape == Value::Shape::Typed) {
        return list.type->item->kind == Kind::Object && list.type->item->field("id");
    }
    if (list.shape != Value::Shape::Raw || items.empty()) {
        return false;
    }
    return std::all_of(items.begin(), items.end(), [&](const Value& x) {
        return x.k == Value::K::Map && !reader.id(x).empty();
    });
}

const std::string& area_of(std::string_view top) {
    static const std::set<std::string, std::less<>> kAreas = {
        "parties", "contributions",   "ip",       "milestones", "economics", "governance",
        "exit",    "confidentiality", "disputes", "scenarios"};
    static const std::string kMeta = "meta";
    auto it = kAreas.find(top);
    return it != kAreas.end() ? *it : kMeta;
}

/// Where a value is in the charter, written out only for a change: a chain
/// of keys, indices and ids on the stack of the comparison.
struct Path {
    enum class Step : unsigned char { Root, Key, Index, Id } step = Step::Root;
    const Path* up = nullptr;
    std::string_view text; ///< Key, Id
    std::size_t index = 0; ///< Index
    bool empty = true;     ///< whether it is written as "" (the top level)

    Path key(std::string_view k) const { return Path{Step::Key, this, k, 0, empty && k.empty()}; }
    Path at(std::size_t i) const { return Path{Step::Index, this, {}, i, false}; }
    Path id(std::string_view i) const { return Path{Step::Id, this, i, 0, false}; }

    std::string str() const {
        std::string s = up ? up->str() : std::string();
        switch (step) {
        case Step::Root:
            break;
        case Step::Key:
            s = s.empty() ? std::string(text) : s + "." + std::string(text);
            break;
        case Step::Index:
            s += fmt::format("[{}]", index);
            break;
        case Step::Id:
            s += fmt::format("[{}]", text);
            break;
        }
        return s;
    }
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// For each of `xs`: the index of the first of `ys` with the same key, or
/// kNone. Sorting, not a scan per entry: a list or mapping may hold 100,000.
template <class Key>
std::vector<std::size_t> first_match(const std::vector<Key>& xs, const std::vector<Key>& ys) {
    std::vector<std::size_t> out(xs.size(), kNone);
    if (xs.size() * ys.size() <= 64) {
        for (std::size_t i = 0; i < xs.size(); ++i) {
            for (std::size_t j = 0; j < ys.size(); ++j) {
                if (xs[i] == ys[j]) {
                    out[i] = j;
                    break;
                }
            }
        }
        return out;
    }
    std::vector<std::size_t> order(ys.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return ys[a] < ys[b]; });
    for (std::size_t i = 0; i < xs.size(); ++i) {
        auto it = std::lower_bound(order.begin(), order.end(), xs[i],
                                   [&](std::size_t j, const Key& k) { return ys[j] < k; });
        if (it != order.end() && ys[*it] == xs[i]) {
            out[i] = *it;
        }
    }
    return out;
}

class Differ {
  public:
    std::vector<Change> changes;

    Differ(Reader old_side, Reader new_side)
        : m_old(std::move(old_side)), m_new(std::move(new_side)) {}

    void compare(const Path& path, const std::string& area, const Value& a, const Value& b) {
        if (a.k != b.k) {
            if (a.k == Value::K::Null) {
                return add("added", path, area, nullptr, m_new.json(b));
            }
            if (b.k == Value::K::Null) {
                return add("removed", path, area, m_old.json(a), nullptr);
            }
            return add("changed", path, area, m_old.json(a), m_new.json(b));
        }
        switch (a.k) {
        case Value::K::Null:
            return;
        case Value::K::Scalar:
            return compare_scalars(path, area, a, b);
        case Value::K::Map:
            if (written_differently(a, b)) {
                return compare_term_ends(path, area, a, b);
            }
            return compare_maps(path, area, a, b);
        case Value::K::List: {
            if (a.set || b.set) {
                return compare_sets(path, area, a, b);
            }
            const std::vector<Value> xs = entries_of(a), ys = entries_of(b);
            if (keyed(a, xs, m_old) && keyed(b, ys, m_new)) {
                return compare_keyed(path, area, xs, ys);
            }
            return compare_positional(path, area, xs, ys);
        }
        }
    }

  private:
    Reader m_old, m_new;

    void add(const char* kind, const Path& path, const std::string& area, Json o, Json n) {
        Change c;
        c.path = path.str();
        c.kind = kind;
        c.area = area;
        c.old_value = std::move(o);
        c.new_value = std::move(n);
        c.cosmetic = c.kind == "moved" || c.path == "notes";
        changes.push_back(std::move(c));
    }

    void compare_scalars(const Path& path, const std::string& area, const Value& a,
                         const Value& b) {
        if (a.text == b.text && a.quoted == b.quoted && a.type == b.type) {
            return; // the same text read the same way means the same
        }
        const Reading x = m_old.read(a), y = m_new.read(b);
        if (x.formula && y.formula) {
            if (!formula::same_tree(*x.formula, *y.formula)) {
                add("changed", path, area, x.json, y.json);
            }
            return;
        }
        if (x.key != y.key) {
            std::string_view xw = a.written ? a.text : std::string_view(),
                             yw = b.written ? b.text : std::string_view();
            if (x.shown == y.shown && xw != yw) {
                // the canonical forms round alike (2/3 and 66.6667%): show them as written
                add("changed", path, area, std::string(xw), std::string(yw));
            } else {
                add("changed", path, area, x.json, y.json);
            }
        }
    }

    /// A term written as `length` on one side and as `ends` on the other.
    static bool written_differently(const Value& a, const Value& b) {
        auto is_term = [](const Value& v) {
            return v.shape == Value::Shape::Typed && v.type->def_name == "term";
        };
        return is_term(a) && is_term(b) && !a.node->get("length") != !b.node->get("length");
    }

    /// Compares the last days the two terms resolve to.
    void compare_term_ends(const Path& path, const std::string& area, const Value& a,
                           const Value& b) {
        const Type* date = a.type->field("ends")->type;
        const std::string &x = m_old.facts.term_ends, &y = m_new.facts.term_ends;
        if (x.empty() || y.empty()) {
            return compare_maps(path, area, a, b); // a side that cannot be resolved
        }
        compare_scalars(path.key("ends"), area, scalar_value(x, false, date),
                        scalar_value(y, false, date));
    }

    void compare_maps(const Path& path, const std::string& area, const Value& a, const Value& b) {
        const std::vector<Value> xs = entries_of(a, &m_old.facts), ys = entries_of(b, &m_new.facts);
        std::vector<std::string_view> ka, kb;
        ka.reserve(xs.size());
        kb.reserve(ys.size());
        for (const Value& x : xs) {
            ka.push_back(x.name);
        }
        for (const Value& y : ys) {
            kb.push_back(y.name);
        }
        // each key's entry on the other side; a key given twice (only in an
        // invalid charter) matches by its occurrence: the second with the second
        const auto oa = occurrences(ka), ob = occurrences(kb);
        const auto in_b = first_match(oa, ob), in_a = first_match(ob, oa);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const std::string& sub_area = path.empty ? area_of(xs[i].name) : area;
            if (in_b[i] != kNone) {
                // a dependent default left out on both sides follows its
                // source, whose own change is shown
                if (!(xs[i].implied && ys[in_b[i]].implied)) {
                    compare(path.key(xs[i].name), sub_area, xs[i], ys[in_b[i]]);
                }
            } else if (xs[i].k != Value::K::Null && !xs[i].implied) {
                add("removed", path.key(xs[i].name), sub_area, m_old.json(xs[i]), nullptr);
            }
        }
        for (std::size_t j = 0; j < ys.size(); ++j) {
            if (in_a[j] == kNone && ys[j].k != Value::K::Null && !ys[j].implied) {
                add("added", path.key(ys[j].name), path.empty ? area_of(ys[j].name) : area, nullptr,
                    m_new.json(ys[j]));
            }
        }
    }

    void compare_sets(const Path& path, const std::string& area, const Value& a, const Value& b) {
        auto keys = [](const Reader& reader, const std::vector<Value>& items) {
            std::vector<std::string> s;
            for (const auto& x : items) {
                s.push_back(x.k == Value::K::Scalar ? reader.read(x).key : std::string());
            }
            std::sort(s.begin(), s.end());
            s.erase(std::unique(s.begin(), s.end()), s.end());
            return s;
        };
        if (keys(m_old, entries_of(a)) != keys(m_new, entries_of(b))) {
            add("changed", path, area, m_old.json(a), m_new.json(b));
        }
    }

    void compare_positional(const Path& path, const std::string& area, const std::vector<Value>& a,
                            const std::vector<Value>& b) {
        std::size_t n = std::max(a.size(), b.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (i >= b.size()) {
                add("removed", path.at(i), area, m_old.json(a[i]), nullptr);
            } else if (i >= a.size()) {
                add("added", path.at(i), area, nullptr, m_new.json(b[i]));
            } else {
                compare(path.at(i), area, a[i], b[i]);
            }
        }
    }

    /// Each id with how many times it came before: unique keys even where
    /// ids repeat.
    template <class Text>
    static std::vector<std::pair<std::string_view, std::size_t>>
    occurrences(const std::vector<Text>& ids) {
        std::vector<std::pair<std::string_view, std::size_t>> out;
        out.reserve(ids.size());
        std::unordered_map<std::string_view, std::size_t> seen;
        for (const auto& id : ids) {
            out.emplace_back(id, seen[id]++);
        }
        return out;
    }

    void compare_keyed(const Path& path, const std::string& area, const std::vector<Value>& a,
                       const std::vector<Value>& b) {
        std::vector<std::string> ida, idb;
        ida.reserve(a.size());
        idb.reserve(b.size());
        for (const auto& x : a) {
            ida.push_back(m_old.id(x));
        }
        for (const auto& y : b) {
            idb.push_back(m_new.id(y));
        }
        // entries match by id and, where an id repeats (only in an invalid
        // charter), by its occurrence: the second `x` with the second `x`
        const auto ka = occurrences(ida), kb = occurrences(idb);
        const auto in_b = first_match(ka, kb), in_a = first_match(kb, ka);
        // common entries in each order, as their index in a; those outside a
        // longest common subsequence moved
        std::vector<std::size_t> ca, cb;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (in_b[i] != kNone) {
                ca.push_back(i);
            }
        }
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (in_a[j] != kNone) {
                cb.push_back(in_a[j]);
            }
        }
        const std::vector<bool> stay = lcs(ca, cb, a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (in_b[i] == kNone) {
                add("removed", path.id(ida[i]), area, m_old.json(a[i]), nullptr);
            } else {
                compare(path.id(ida[i]), area, a[i], b[in_b[i]]);
            }
        }
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (in_a[j] == kNone) {
                add("added", path.id(idb[j]), area, nullptr, m_new.json(b[j]));
            } else if (!stay[in_a[j]]) {
                add("moved", path.id(idb[j]), area, static_cast<long long>(in_a[j]),
                    static_cast<long long>(j));
            }
        }
    }

    /// The entries that stay (marked by their index in a, of `n`): a
    /// longest common subsequence of two orders of the same unique entries,
    /// which is a longest increasing subsequence of b's positions read in
    /// a's order (n log n). Of several, the one a quadratic table walked
    /// from the front finds: at each step the entry furthest along in a
    /// that still starts a longest remaining run.
    static std::vector<bool> lcs(const std::vector<std::size_t>& a,
                                 const std::vector<std::size_t>& b, std::size_t n_ids) {
        std::vector<bool> out(n_ids, false);
        if (a.empty() || b.empty()) {
            return out;
        }
        if (a == b) {
            for (std::size_t id : a) {
                out[id] = true;
            }
            return out;
        }
        std::vector<std::size_t> in_b(n_ids, kNone); // each id's first position in b
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (in_b[b[j]] == kNone) {
                in_b[b[j]] = j;
            }
        }
        std::vector<std::size_t> p; // b's position of each of a's ids
        p.reserve(a.size());
        for (std::size_t id : a) {
            p.push_back(in_b[id]);
        }
        const std::size_t n = p.size();
        // run[i]: the longest increasing run starting at i, from the back
        // (tails[k]: the largest start value of a run of length k + 1)
        std::vector<std::size_t> run(n);
        std::vector<std::size_t> tails;
        for (std::size_t i = n; i-- > 0;) {
            // runs whose first value is above p[i]: tails is decreasing
            auto it = std::lower_bound(tails.begin(), tails.end(), p[i], std::greater<>());
            std::size_t k = static_cast<std::size_t>(it - tails.begin());
            run[i] = k + 1;
            if (it == tails.end()) {
                tails.push_back(p[i]);
            } else {
                *it = p[i];
            }
        }
        // entries by run length, in a's order: their b positions decrease
        std::vector<std::vector<std::size_t>> level(tails.size() + 1);
        for (std::size_t i = 0; i < n; ++i) {
            level[run[i]].push_back(i);
        }
        std::size_t need = tails.size(), from_b = 0;
        while (need > 0) {
            const auto& l = level[need];
            // the last entry (in a's order) with a b position at or after from_b
            auto it = std::partition_point(l.begin(), l.end(),
                                           [&](std::size_t i) { return p[i] >= from_b; });
            std::size_t i = *(it - 1);
            out[a[i]] = true;
            from_b = p[i] + 1;
            --need;
        }
        return out;
    }
};

Value normalise(const Side& s) {
    if (!s.tree || !s.tree->root) {
        return Value{};
    }
    if (!s.tree->root->is_mapping()) {
        return raw(s.tree->root);
    }
    return of(s.tree->root, &schema::charter_type());
}

/// Every party's total of one run, or why it could not be computed.
Expected<std::vector<compute::PartyAmount>, std::string>
totals(const Side& s, const std::vector<compute::PeriodInput>& periods) {
    auto run = compute::run_waterfall(*s.charter, periods);
    if (!run) {
        return unexpected(run.error().message);
    }
    return run->by_party;
}

void add_impact(Impact& imp, const Expected<std::vector<compute::PartyAmount>, std::string>& o,
                const Expected<std::vector<compute::PartyAmount>, std::string>& n) {
    std::map<std::string, std::size_t> position; // each party's entry, found without a scan
    for (std::size_t i = 0; i < imp.by_party.size(); ++i) {
        position.emplace(imp.by_party[i].party, i);
    }
    auto put = [&](const std::string& party) -> PartyImpact& {
        auto [it, added] = position.emplace(party, imp.by_party.size());
        if (added) {
            imp.by_party.push_back(PartyImpact{party, std::nullopt, std::nullopt});
        }
        return imp.by_party[it->second];
    };
    if (o) {
        for (const auto& pa : *o) {
            put(pa.party).old_amount = pa.amount;
        }
    } else {
        imp.old_error = o.error();
    }
    if (n) {
        for (const auto& pa : *n) {
            put(pa.party).new_amount = pa.amount;
        }
    } else {
        imp.new_error = n.error();
    }
}

bool computable(const Side& s) {
    return s.charter && s.errors == 0;
}

} // namespace

DiffResult diff_charters(const Side& old_side, const Side& new_side, const std::string* ledger_name,
                         const std::string* ledger_text) {
    DiffResult r;
    const Side& ref = new_side.charter ? new_side : old_side;
    if (ref.charter) {
        r.minor_digits = ref.charter->minor_digits;
    }
    for (const Side* s : {&old_side, &new_side}) {
        if (s->tree && s->errors > 0) {
            r.warnings.push_back(fmt::format("{} is not a valid charter ({} error{}): compared "
                                             "structurally; run charter validate {}",
                                             s->name, s->errors, s->errors == 1 ? "" : "s",
                                             s->name));
        }
    }
    auto digits_of = [&](const Side& side) {
        return side.charter ? side.charter->minor_digits : r.minor_digits;
    };
    Value a = normalise(old_side);
    Value b = normalise(new_side);
    // an added or deleted file: every top-level section is added or removed
    if (a.k == Value::K::Null && b.k == Value::K::Map) {
        a.k = Value::K::Map;
    }
    if (b.k == Value::K::Null && a.k == Value::K::Map) {
        b.k = Value::K::Map;
    }
    auto reader_of = [&](const Side& side) {
        Reader reader{digits_of(side), {}};
        if (side.charter && side.charter->effective) {
            reader.facts.effective = format_date(*side.charter->effective);
        }
        if (side.charter && side.charter->term_ends) {
            reader.facts.term_ends = format_date(*side.charter->term_ends);
        }
        return reader;
    };
    Differ d(reader_of(old_side), reader_of(new_side));
    d.compare(Path{}, area_of("meta"), a, b);
    r.changes = std::move(d.changes);

    // impact: every scenario in both versions, and the ledger
    if (old_side.charter && new_side.charter) {
        // each old scenario with every new one of its id, in the new order, found through an index
        const auto& news = new_side.charter->scenarios;
        std::vector<std::size_t> by_id(news.size());
        std::iota(by_id.begin(), by_id.end(), std::size_t{0});
        std::stable_sort(by_id.begin(), by_id.end(),
                         [&](std::size_t x, std::size_t y) { return news[x].id < news[y].id; });
        for (const auto& so : old_side.charter->scenarios) {
            if (so.id.empty()) {
                continue;
            }
            auto from = std::lower_bound(
                by_id.begin(), by_id.end(), so.id,
                [&](std::size_t x, const std::string& id) { return news[x].id < id; });
            auto to = std::upper_bound(
                from, by_id.end(), so.id,
                [&](const std::string& id, std::size_t x) { return id < news[x].id; });
            for (auto it = from; it != to; ++it) {
                const auto& sn = news[*it];
                Impact imp;
                imp.scenario = so.id;
                auto side_totals = [&](const Side& s, const model::Scenario& sc)
                    -> Expected<std::vector<compute::PartyAmount>, std::string> {
                    if (!computable(s)) {
                        return unexpected(std::string("the charter is not valid"));
                    }
                    auto periods = compute::scenario_periods(sc);
                    if (!periods) {
                        return unexpected(periods.error().message);
                    }
                    return totals(s, *periods);
                };
                add_impact(imp, side_totals(old_side, so), side_totals(new_side, sn));
                r.impact.push_back(std::move(imp));
            }
        }
    }
    if (ledger_text && (old_side.charter || new_side.charter)) {
        Impact imp;
        imp.ledger = *ledger_name;
        auto side_totals =
            [&](const Side& s) -> Expected<std::vector<compute::PartyAmount>, std::string> {
            if (!s.charter) {
                return unexpected(std::string("no charter on this side"));
            }
            if (!computable(s)) {
                return unexpected(std::string("the charter is not valid"));
            }
            std::istringstream in(*ledger_text);
            auto periods = compute::read_ledger(in, *ledger_name, *s.charter);
            if (!periods) {
                return unexpected(periods.error().message);
            }
            return totals(s, *periods);
        };
        add_impact(imp, side_totals(old_side), side_totals(new_side));
        r.impact.push_back(std::move(imp));
    }
    return r;
}

} // namespace charter::compare
