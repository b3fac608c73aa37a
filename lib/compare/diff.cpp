#include "compare/diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

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

struct Entry;

/// A value of the normalised charter.
struct Value {
    enum class K { Null, Scalar, Map, List } k = K::Null;
    std::string shown;                               ///< canonical text of a scalar
    std::string written;                             ///< the scalar as written
    std::string key;                                 ///< what equality compares
    Json json_scalar;                                ///< the scalar as JSON
    std::shared_ptr<formula::Formula> formula;       ///< formulas compare by tree
    std::vector<Entry> map;  ///< fields in schema order, or keys sorted
    std::vector<Value> list;
    bool keyed = false;  ///< a list of mappings with `id`
    bool set = false;    ///< a list compared as a set (territories)

    std::string id() const;
};

/// One key of a normalised mapping (a named struct: std::pair of an
/// incomplete type is rejected by clang with libstdc++).
struct Entry {
    std::string first;
    Value second;
};

std::string Value::id() const {
    for (const auto& [name, v] : map) {
        if (name == "id") {
            return v.shown;
        }
    }
    return {};
}

Json to_json(const Value& v) {
    switch (v.k) {
    case Value::K::Null:
        return nullptr;
    case Value::K::Scalar:
        return v.json_scalar;
    case Value::K::Map: {
        Json j = Json::object();
        for (const auto& [k, x] : v.map) {
            j[k] = to_json(x);
        }
        return j;
    }
    case Value::K::List: {
        Json j = Json::array();
        for (const auto& x : v.list) {
            j.push_back(to_json(x));
        }
        return j;
    }
    }
    return nullptr;
}

Value scalar(std::string shown, std::string key = {}) {
    Value v;
    v.k = Value::K::Scalar;
    v.key = key.empty() ? shown : key;
    v.json_scalar = shown;
    v.shown = std::move(shown);
    return v;
}

std::string exact_key(const num::Rational& r) { return "=" + r.get_str(); }

class Normaliser {
public:
    int digits = 2;

    Value text_value(const std::string& text, bool quoted, const Type* t) {
        Value v = typed_value(text, quoted, t);
        v.written = text;
        return v;
    }

    Value typed_value(const std::string& text, bool quoted, const Type* t) {
        if (!t || t->kind != Kind::Scalar) {
            return raw_scalar(text);
        }
        switch (t->scalar) {
        case ScalarKind::Ratio:
            if (auto r = num::parse_ratio(text)) {
                return scalar(num::format_percent(*r), exact_key(*r));
            }
            break;
        case ScalarKind::Money:
            if (auto d = num::parse_decimal(text)) {
                return scalar(num::format_money(d->value, digits), exact_key(d->value));
            }
            break;
        case ScalarKind::Decimal:
            if (auto d = num::parse_decimal(text)) {
                return scalar(num::format_plain(d->value), exact_key(d->value));
            }
            break;
        case ScalarKind::Date:
            if (auto d = parse_date(text)) {
                return scalar(format_date(*d));
            }
            break;
        case ScalarKind::Duration:
            if (auto d = parse_duration(text)) {
                // weeks are whole days: 6w and 42d mean the same
                std::string key = d->unit == DurationUnit::Weeks ? fmt::format("{}d", d->count * 7) : format_duration(*d);
                return scalar(format_duration(*d), key);
            }
            break;
        case ScalarKind::Formula:
            if (auto f = formula::parse(text)) {
                Value v = scalar(formula::to_string(*f));
                v.formula = std::make_shared<formula::Formula>(std::move(*f));
                return v;
            }
            break;
        case ScalarKind::Bool:
            if (!quoted && resolve_plain(text) == ScalarType::Bool) {
                Value v = scalar(text[0] == 't' || text[0] == 'T' ? "true" : "false");
                v.json_scalar = v.shown == "true";
                return v;
            }
            break;
        case ScalarKind::Integer:
            if (!text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos) {
                Value v = scalar(std::to_string(std::stoll(text)));
                v.json_scalar = std::stoll(text);
                return v;
            }
            break;
        case ScalarKind::Version:
            if (!quoted && text == "1") {
                Value v = scalar("1");
                v.json_scalar = 1;
                return v;
            }
            break;
        case ScalarKind::Period:
            if (auto p = parse_period(text)) {
                return scalar(p->label);
            }
            break;
        default:
            break;
        }
        return raw_scalar(text);
    }

    static Value raw_scalar(const std::string& text) { return scalar(text); }

    Value raw(const Node* n) {
        Value v;
        if (!n || n->is_null()) {
            return v;
        }
        if (n->is_scalar()) {
            return raw_scalar(n->value);
        }
        if (n->is_mapping()) {
            v.k = Value::K::Map;
            for (const auto& e : n->entries) {
                v.map.push_back(Entry{e.key->value, raw(e.value)});
            }
            return v;
        }
        v.k = Value::K::List;
        for (const Node* i : n->items) {
            v.list.push_back(raw(i));
        }
        v.keyed = !v.list.empty() && std::all_of(v.list.begin(), v.list.end(), [](const Value& x) {
            return x.k == Value::K::Map && !x.id().empty();
        });
        return v;
    }

    Value of(const Node* n, const Type* t) {
        if (!n || n->is_null()) {
            return Value{};
        }
        if (!t) {
            return raw(n);
        }
        switch (t->kind) {
        case Kind::Scalar:
            return n->is_scalar() ? text_value(n->value, n->style != ScalarStyle::Plain, t) : raw(n);
        case Kind::Object: {
            if (!n->is_mapping()) {
                return raw(n);
            }
            Value v;
            v.k = Value::K::Map;
            for (const auto& f : t->fields) {
                const Node* c = n->get(f.name);
                if (c) {
                    v.map.push_back(Entry{f.name, of(c, f.type)});
                } else if (!f.default_value.empty()) {
                    v.map.push_back(Entry{f.name, default_value(f)});
                } else if (f.type->kind == Kind::Object && !f.type->fields.empty() && !in_one_of(*t, f.name) &&
                           std::all_of(f.type->fields.begin(), f.type->fields.end(),
                                       [](const schema::Field& x) { return !x.default_value.empty(); })) {
                    // e.g. an exit trigger's `licenses`: absent means both defaults
                    Value d;
                    d.k = Value::K::Map;
                    for (const auto& x : f.type->fields) {
                        d.map.push_back(Entry{x.name, default_value(x)});
                    }
                    v.map.push_back(Entry{f.name, std::move(d)});
                }
            }
            std::vector<Entry> extra;
            for (const auto& e : n->entries) {
                if (!t->field(e.key->value)) {
                    extra.push_back(Entry{e.key->value, raw(e.value)});
                }
            }
            std::sort(extra.begin(), extra.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& x : extra) {
                v.map.push_back(std::move(x));
            }
            return v;
        }
        case Kind::Map: {
            if (!n->is_mapping()) {
                return raw(n);
            }
            Value v;
            v.k = Value::K::Map;
            for (const auto& e : n->entries) {
                v.map.push_back(Entry{e.key->value, of(e.value, t->value)});
            }
            std::sort(v.map.begin(), v.map.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            return v;
        }
        case Kind::List: {
            if (!n->is_sequence()) {
                return raw(n);
            }
            Value v;
            v.k = Value::K::List;
            for (const Node* i : n->items) {
                v.list.push_back(of(i, t->item));
            }
            v.keyed = t->item->kind == Kind::Object && t->item->field("id");
            return v;
        }
        case Kind::Union:
            return union_value(n, *t);
        }
        return raw(n);
    }

private:
    /// A key of an exactly-one-of choice (a step's `recoup`): never implied.
    static bool in_one_of(const Type& t, const std::string& key) {
        for (const auto& constraint : t.one_of) {
            for (const auto& alt : constraint) {
                if (std::find(alt.begin(), alt.end(), key) != alt.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    Value default_value(const schema::Field& f) {
        const Type* t = f.type;
        if (t->kind == Kind::Union) {
            for (const Type* a : t->alternatives) {
                if (a->kind == Kind::Scalar) {
                    return text_value(f.default_value, false, a);
                }
            }
        }
        return text_value(f.default_value, false, t);
    }

    Value union_value(const Node* n, const Type& t) {
        const Type* list_alt = nullptr;
        const Type* map_alt = nullptr;
        std::vector<const Type*> scalars;
        for (const Type* a : t.alternatives) {
            if (a->kind == Kind::List) {
                list_alt = a;
            } else if (a->kind == Kind::Map || a->kind == Kind::Object) {
                map_alt = a;
            } else {
                scalars.push_back(a);
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
        for (const Type* a : scalars) {
            if (a->scalar == ScalarKind::Enum &&
                std::find(a->words.begin(), a->words.end(), n->value) != a->words.end()) {
                return text_value(n->value, false, a);
            }
        }
        const Type* other = nullptr;
        for (const Type* a : scalars) {
            if (a->scalar != ScalarKind::Enum) {
                other = a;
            }
        }
        Value one = text_value(n->value, n->style != ScalarStyle::Plain, other);
        // `to: acme` is {acme: 100%}; `asset: x` is [x]; `territory: EU` is [EU]
        if (map_alt && map_alt->kind == Kind::Map && other && other->scalar == ScalarKind::Id) {
            Value v;
            v.k = Value::K::Map;
            v.map.push_back(Entry{n->value, text_value("1", false, map_alt->value)});
            return v;
        }
        if (list_alt && other) {
            Value v;
            v.k = Value::K::List;
            v.list.push_back(one);
            v.set = territory;
            return v;
        }
        return one;
    }
};

std::string area_of(const std::string& top) {
    static const std::set<std::string> kAreas = {"parties",    "contributions", "ip",              "milestones", "economics",
                                                 "governance", "exit",          "confidentiality", "disputes",   "scenarios"};
    return kAreas.count(top) ? top : "meta";
}

class Differ {
public:
    std::vector<Change> changes;

    void compare(const std::string& path, const std::string& area, const Value& a, const Value& b) {
        if (a.k != b.k) {
            if (a.k == Value::K::Null) {
                return add("added", path, area, nullptr, to_json(b));
            }
            if (b.k == Value::K::Null) {
                return add("removed", path, area, to_json(a), nullptr);
            }
            return add("changed", path, area, to_json(a), to_json(b));
        }
        switch (a.k) {
        case Value::K::Null:
            return;
        case Value::K::Scalar:
            if (a.formula && b.formula) {
                if (!formula::same_tree(*a.formula, *b.formula)) {
                    add("changed", path, area, a.json_scalar, b.json_scalar);
                }
                return;
            }
            if (a.key != b.key) {
                if (a.shown == b.shown && a.written != b.written) {
                    // the canonical forms round alike (2/3 and 66.6667%): show them as written
                    add("changed", path, area, a.written, b.written);
                } else {
                    add("changed", path, area, a.json_scalar, b.json_scalar);
                }
            }
            return;
        case Value::K::Map:
            return compare_maps(path, area, a, b);
        case Value::K::List:
            if (a.set || b.set) {
                return compare_sets(path, area, a, b);
            }
            if (a.keyed && b.keyed) {
                return compare_keyed(path, area, a, b);
            }
            return compare_positional(path, area, a, b);
        }
    }

private:
    void add(const char* kind, const std::string& path, const std::string& area, Json o, Json n) {
        Change c;
        c.path = path;
        c.kind = kind;
        c.area = area;
        c.old_value = std::move(o);
        c.new_value = std::move(n);
        c.cosmetic = c.kind == "moved" || path == "notes";
        changes.push_back(std::move(c));
    }

    static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

    void compare_maps(const std::string& path, const std::string& area, const Value& a, const Value& b) {
        // the first entry of each key, found in log n (a shares mapping may have 100,000 keys)
        auto index = [](const Value& v) {
            std::map<std::string_view, const Value*> out;
            for (const auto& [key, x] : v.map) {
                out.emplace(key, &x);
            }
            return out;
        };
        const auto in_a = index(a), in_b = index(b);
        auto find = [&](const Value& v, const std::string& k) -> const Value* {
            const auto& in = &v == &a ? in_a : in_b;
            auto it = in.find(k);
            return it == in.end() ? nullptr : it->second;
        };
        for (const auto& [k, x] : a.map) {
            const std::string sub_area = path.empty() ? area_of(k) : area;
            if (const Value* y = find(b, k)) {
                compare(join(path, k), sub_area, x, *y);
            } else if (x.k != Value::K::Null) {
                add("removed", join(path, k), sub_area, to_json(x), nullptr);
            }
        }
        for (const auto& [k, y] : b.map) {
            if (!find(a, k) && y.k != Value::K::Null) {
                add("added", join(path, k), path.empty() ? area_of(k) : area, nullptr, to_json(y));
            }
        }
    }

    void compare_sets(const std::string& path, const std::string& area, const Value& a, const Value& b) {
        auto keys = [](const Value& v) {
            std::set<std::string> s;
            for (const auto& x : v.list) {
                s.insert(x.key);
            }
            return s;
        };
        if (keys(a) != keys(b)) {
            add("changed", path, area, to_json(a), to_json(b));
        }
    }

    void compare_positional(const std::string& path, const std::string& area, const Value& a, const Value& b) {
        std::size_t n = std::max(a.list.size(), b.list.size());
        for (std::size_t i = 0; i < n; ++i) {
            std::string p = fmt::format("{}[{}]", path, i);
            if (i >= b.list.size()) {
                add("removed", p, area, to_json(a.list[i]), nullptr);
            } else if (i >= a.list.size()) {
                add("added", p, area, nullptr, to_json(b.list[i]));
            } else {
                compare(p, area, a.list[i], b.list[i]);
            }
        }
    }

    void compare_keyed(const std::string& path, const std::string& area, const Value& a, const Value& b) {
        std::map<std::string, std::size_t> in_a, in_b;
        for (std::size_t i = 0; i < a.list.size(); ++i) {
            in_a.emplace(a.list[i].id(), i);
        }
        for (std::size_t i = 0; i < b.list.size(); ++i) {
            in_b.emplace(b.list[i].id(), i);
        }
        // common ids in each order; those outside a longest common subsequence moved
        std::vector<std::string> ca, cb;
        for (const auto& x : a.list) {
            if (in_b.count(x.id())) {
                ca.push_back(x.id());
            }
        }
        for (const auto& x : b.list) {
            if (in_a.count(x.id())) {
                cb.push_back(x.id());
            }
        }
        std::set<std::string> stay = lcs(ca, cb);
        for (std::size_t i = 0; i < a.list.size(); ++i) {
            const std::string id = a.list[i].id();
            std::string p = fmt::format("{}[{}]", path, id);
            auto it = in_b.find(id);
            if (it == in_b.end()) {
                add("removed", p, area, to_json(a.list[i]), nullptr);
                continue;
            }
            compare(p, area, a.list[i], b.list[it->second]);
        }
        for (std::size_t i = 0; i < b.list.size(); ++i) {
            const std::string id = b.list[i].id();
            if (!in_a.count(id)) {
                add("added", fmt::format("{}[{}]", path, id), area, nullptr, to_json(b.list[i]));
            } else if (!stay.count(id)) {
                add("moved", fmt::format("{}[{}]", path, id), area, static_cast<long long>(in_a[id]), static_cast<long long>(i));
            }
        }
    }

    /// The ids that stay: a longest common subsequence of two orders of the
    /// same unique ids, which is a longest increasing subsequence of b's
    /// positions read in a's order (n log n). Of several, the one a
    /// quadratic table walked from the front finds: at each step the entry
    /// furthest along in a that still starts a longest remaining run.
    static std::set<std::string> lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
        std::set<std::string> out;
        if (a.empty() || b.empty()) {
            return out;
        }
        if (a == b) {
            return std::set<std::string>(a.begin(), a.end());
        }
        std::map<std::string_view, std::size_t> in_b;
        for (std::size_t j = 0; j < b.size(); ++j) {
            in_b.emplace(b[j], j);
        }
        std::vector<std::size_t> p;  // b's position of each of a's ids
        for (const auto& id : a) {
            p.push_back(in_b.at(id));
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
            auto it = std::partition_point(l.begin(), l.end(), [&](std::size_t i) { return p[i] >= from_b; });
            std::size_t i = *(it - 1);
            out.insert(a[i]);
            from_b = p[i] + 1;
            --need;
        }
        return out;
    }
};

Value normalise(const Side& s, int digits) {
    if (!s.tree || !s.tree->root) {
        return Value{};
    }
    Normaliser n;
    n.digits = digits;
    if (!s.tree->root->is_mapping()) {
        return n.raw(s.tree->root);
    }
    return n.of(s.tree->root, &schema::charter_type());
}

/// Every party's total of one run, or why it could not be computed.
Expected<std::vector<compute::PartyAmount>, std::string> totals(const Side& s, const std::vector<compute::PeriodInput>& periods) {
    auto run = compute::run_waterfall(*s.charter, periods);
    if (!run) {
        return unexpected(run.error().message);
    }
    return run->by_party;
}

void add_impact(Impact& imp, const Expected<std::vector<compute::PartyAmount>, std::string>& o,
                const Expected<std::vector<compute::PartyAmount>, std::string>& n) {
    std::map<std::string, std::size_t> position;  // each party's entry, found without a scan
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

bool computable(const Side& s) { return s.charter && s.errors == 0; }

} // namespace

DiffResult diff_charters(const Side& old_side, const Side& new_side, const std::string* ledger_name, const std::string* ledger_text) {
    DiffResult r;
    const Side& ref = new_side.charter ? new_side : old_side;
    if (ref.charter) {
        r.minor_digits = ref.charter->minor_digits;
    }
    for (const Side* s : {&old_side, &new_side}) {
        if (s->tree && s->errors > 0) {
            r.warnings.push_back(fmt::format("{} is not a valid charter ({} error{}): compared structurally; run charter validate {}",
                                             s->name, s->errors, s->errors == 1 ? "" : "s", s->name));
        }
    }
    auto digits_of = [&](const Side& side) { return side.charter ? side.charter->minor_digits : r.minor_digits; };
    Value a = normalise(old_side, digits_of(old_side));
    Value b = normalise(new_side, digits_of(new_side));
    // an added or deleted file: every top-level section is added or removed
    if (a.k == Value::K::Null && b.k == Value::K::Map) {
        a.k = Value::K::Map;
    }
    if (b.k == Value::K::Null && a.k == Value::K::Map) {
        b.k = Value::K::Map;
    }
    Differ d;
    d.compare("", "meta", a, b);
    r.changes = std::move(d.changes);

    // impact: every scenario in both versions, and the ledger
    if (old_side.charter && new_side.charter) {
        for (const auto& so : old_side.charter->scenarios) {
            for (const auto& sn : new_side.charter->scenarios) {
                if (so.id != sn.id || so.id.empty()) {
                    continue;
                }
                Impact imp;
                imp.scenario = so.id;
                auto side_totals = [&](const Side& s, const model::Scenario& sc) -> Expected<std::vector<compute::PartyAmount>, std::string> {
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
        auto side_totals = [&](const Side& s) -> Expected<std::vector<compute::PartyAmount>, std::string> {
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
