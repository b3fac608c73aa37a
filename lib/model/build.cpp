// Tree -> typed model, leniently (see charter.hpp).
#include <algorithm>
#include <functional>
#include <utility>

#include "model/charter.hpp"
#include "model/words.hpp"
#include "num/currency.hpp"
#include "schema/schema.hpp"

namespace charter::model {

Rational PartyRatios::sum() const {
    Rational s = 0;
    for (const auto& e : entries) {
        s += e.ratio;
    }
    return s;
}

Rational PartyRatios::of(std::string_view party) const {
    Rational s = 0;
    for (const auto& e : entries) {
        if (e.party.id == party) {
            s += e.ratio;
        }
    }
    return s;
}

namespace {

std::uint64_t id_hash(std::string_view id) {
    return std::hash<std::string_view>{}(id);
}

/// The entry of `list` with id `id`: through the index when it is built.
template <typename T>
const T* find_by_id(const std::vector<T>& list, const std::vector<Charter::Index::Key>& index,
                    bool indexed, std::string_view id) {
    if (indexed) {
        const std::uint64_t h = id_hash(id);
        auto it = std::lower_bound(
            index.begin(), index.end(), h,
            [](const Charter::Index::Key& k, std::uint64_t x) { return k.hash < x; });
        // equal hashes are in list order: the first entry with the id wins
        for (; it != index.end() && it->hash == h; ++it) {
            if (it->pos < list.size() && list[it->pos].id == id) {
                return &list[it->pos];
            }
        }
        return nullptr;
    }
    for (const auto& x : list) {
        if (x.id == id) {
            return &x;
        }
    }
    return nullptr;
}

/// The positions of `list` sorted by `id_of`, equal ids in list order (a
/// plain sort with the position as tie-break: std::stable_sort allocates).
template <typename T, typename IdOf>
std::vector<std::size_t> sorted_positions(const std::vector<T>& list, IdOf id_of) {
    std::vector<std::size_t> out(list.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = i;
    }
    std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
        std::string_view x = id_of(list[a]);
        std::string_view y = id_of(list[b]);
        return x < y || (x == y && a < b);
    });
    return out;
}

template <typename T> std::vector<Charter::Index::Key> index_list(const std::vector<T>& list) {
    std::vector<Charter::Index::Key> out(list.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = {id_hash(list[i].id), i};
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.hash < b.hash || (a.hash == b.hash && a.pos < b.pos);
    });
    return out;
}

} // namespace

void Charter::build_index() {
    index = Index{};
    index.parties = index_list(parties);
    if (ip) {
        index.assets = index_list(ip->assets);
    }
    index.milestones = index_list(milestones);
    if (economics) {
        index.streams = index_list(economics->streams);
    }
    auto by_party = sorted_positions(
        contributions, [](const Contribution& k) -> const auto& { return k.party.id; });
    // room first: a vector that grows copies its GMP values
    index.contributed.reserve(by_party.size());
    for (std::size_t i : by_party) {
        const Contribution& k = contributions[i];
        if (!k.value) {
            continue;
        }
        if (index.contributed.empty() ||
            contributions[index.contributed.back().first].party.id != k.party.id) {
            index.contributed.emplace_back(i, 0);
        }
        index.contributed.back().second += *k.value;
    }
    index.built = true;
}

const Party* Charter::party(std::string_view pid) const {
    return find_by_id(parties, index.parties, index.built, pid);
}

std::optional<std::size_t> Charter::party_index(std::string_view pid) const {
    const Party* p = party(pid);
    return p ? std::optional<std::size_t>(static_cast<std::size_t>(p - parties.data()))
             : std::nullopt;
}

const Asset* Charter::asset(std::string_view aid) const {
    return ip ? find_by_id(ip->assets, index.assets, index.built, aid) : nullptr;
}

const Milestone* Charter::milestone(std::string_view mid) const {
    return find_by_id(milestones, index.milestones, index.built, mid);
}

const Stream* Charter::stream(std::string_view sid) const {
    return economics ? find_by_id(economics->streams, index.streams, index.built, sid) : nullptr;
}

Rational Charter::contributed(std::string_view pid) const {
    if (index.built) {
        auto it = std::lower_bound(index.contributed.begin(), index.contributed.end(), pid,
                                   [&](const auto& e, std::string_view key) {
                                       return e.first < contributions.size() &&
                                              contributions[e.first].party.id < key;
                                   });
        return it == index.contributed.end() || it->first >= contributions.size() ||
                       contributions[it->first].party.id != pid
                   ? Rational(0)
                   : it->second;
    }
    Rational s = 0;
    for (const auto& c : contributions) {
        if (c.party.id == pid && c.value) {
            s += *c.value;
        }
    }
    return s;
}

namespace {

class Reader {
  public:
    int digits = 2;

    static const Node* at(const Node* map, std::string_view key) {
        return map && map->is_mapping() ? map->get(key) : nullptr;
    }

    std::optional<std::string> text(const Node* n) const {
        if (!n || !n->is_scalar()) {
            return std::nullopt;
        }
        return std::string(n->value);
    }
    std::string text_or(const Node* n) const { return text(n).value_or(std::string()); }

    /// The model value of an enumeration's word (words.hpp); nothing for a
    /// missing node or another word.
    template <class E, std::size_t N>
    std::optional<E> word(const Node* n, const words::Words<E, N>& table) const {
        if (!n || !n->is_scalar()) {
            return std::nullopt;
        }
        return table.of(n->value);
    }

    /// Whether the node is the single word `k`.
    static bool is(const Node* n, const words::Keyword& k) {
        return n && n->is_scalar() && n->value == k.word;
    }

    std::optional<std::string> id(const Node* n) const {
        if (!n || !n->is_scalar() || !schema::is_valid_id(n->value)) {
            return std::nullopt;
        }
        return std::string(n->value);
    }

    Ref ref(const Node* n) const { return Ref{id(n).value_or(std::string()), n}; }

    std::vector<Ref> refs(const Node* n) const {
        std::vector<Ref> out;
        if (!n) {
            return out;
        }
        if (n->is_sequence()) {
            out.reserve(n->items.size());
            for (const Node* i : n->items) {
                if (auto v = id(i)) {
                    out.push_back(Ref{*v, i});
                }
            }
        } else if (auto v = id(n)) {
            out.push_back(Ref{*v, n});
        }
        return out;
    }

    std::optional<Date> date(const Node* n) const {
        if (!n || !n->is_scalar()) {
            return std::nullopt;
        }
        auto d = parse_date(n->value);
        return d ? std::optional<Date>(*d) : std::nullopt;
    }

    std::optional<Duration> duration(const Node* n) const {
        if (!n || !n->is_scalar()) {
            return std::nullopt;
        }
        auto d = parse_duration(n->value);
        return d ? std::optional<Duration>(*d) : std::nullopt;
    }

    // Numbers are read into the model's own values, never made and moved:
    // moving a GMP rational allocates (see num::read_ratio).

    static bool is_number(const Node* n) {
        return n && n->is_scalar() && n->scalar_type() != ScalarType::Bool;
    }

    bool money(const Node* n, Rational& out) const {
        int decimals = 0;
        return is_number(n) && num::read_decimal(n->value, out, decimals) && decimals <= digits;
    }

    bool decimal(const Node* n, Rational& out) const {
        int decimals = 0;
        return is_number(n) && num::read_decimal(n->value, out, decimals);
    }

    bool ratio(const Node* n, Rational& out) const {
        return is_number(n) && num::read_ratio(n->value, out);
    }

    void money(const Node* n, std::optional<Rational>& out) const {
        fill(n, out, [&](Rational& v) { return money(n, v); });
    }
    void decimal(const Node* n, std::optional<Rational>& out) const {
        fill(n, out, [&](Rational& v) { return decimal(n, v); });
    }
    void ratio(const Node* n, std::optional<Rational>& out) const {
        fill(n, out, [&](Rational& v) { return ratio(n, v); });
    }

    /// A number read in place into an optional: empty when `read` fails.
    template <class Read> static void fill(const Node* n, std::optional<Rational>& out, Read read) {
        out.reset();
        if (is_number(n) && !read(out.emplace())) {
            out.reset();
        }
    }

    std::optional<bool> boolean(const Node* n) const {
        if (!n || n->scalar_type() != ScalarType::Bool) {
            return std::nullopt;
        }
        return n->value[0] == 't' || n->value[0] == 'T';
    }

    std::optional<long long> integer(const Node* n) const {
        if (!n || n->scalar_type() != ScalarType::Int || n->value.empty() || n->value.size() > 9 ||
            n->value.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        return std::stoll(std::string(n->value));
    }

    std::optional<FormulaText> formula(const Node* n) const {
        if (!n || !n->is_scalar()) {
            return std::nullopt;
        }
        return FormulaText{std::string(n->value), n,
                           std::make_shared<const FormulaText::Parsed>(formula::parse(n->value))};
    }

    /// A party id alone, or a mapping of parties to ratios.
    std::optional<PartyRatios> ratios(const Node* n) const {
        if (!n) {
            return std::nullopt;
        }
        PartyRatios pr;
        pr.node = n;
        if (n->is_scalar()) {
            auto p = id(n);
            if (!p) {
                return std::nullopt;
            }
            pr.single = true;
            PartyRatio& entry = pr.entries.emplace_back();
            entry.party = Ref{std::move(*p), n};
            entry.ratio = 1;
            entry.node = n;
            return pr;
        }
        if (!n->is_mapping()) {
            return std::nullopt;
        }
        pr.entries.reserve(n->entries.size());
        for (const auto& e : n->entries) {
            auto p = id(e.key);
            PartyRatio& entry = pr.entries.emplace_back();
            if (!p || !ratio(e.value, entry.ratio)) {
                pr.entries.pop_back();
                pr.complete = false;
                continue;
            }
            entry.party = Ref{std::move(*p), e.key};
            entry.node = e.value;
        }
        return pr;
    }

    std::vector<Amount> amounts(const Node* n) const {
        std::vector<Amount> out;
        if (!n || !n->is_mapping()) {
            return out;
        }
        out.reserve(n->entries.size());
        for (const auto& e : n->entries) {
            auto k = id(e.key);
            Amount& a = out.emplace_back();
            if (!k || !money(e.value, a.amount)) {
                out.pop_back();
                continue;
            }
            a.id = Ref{std::move(*k), e.key};
            a.node = e.value;
        }
        return out;
    }

    Survival survival(const Node* n) const {
        Survival s;
        s.node = n;
        if (!n || !n->is_scalar()) {
            return s;
        }
        if (n->value == words::kLicensePerpetual.word) {
            s.kind = Survival::Kind::Perpetual;
        } else if (auto d = duration(n)) {
            s.kind = Survival::Kind::Duration;
            s.duration = *d;
        }
        return s;
    }

    template <class F> void each(const Node* list, F&& f) const {
        if (!list || !list->is_sequence()) {
            return;
        }
        for (const Node* item : list->items) {
            if (item->is_mapping()) {
                f(item);
            }
        }
    }

    /// Like each, with room made in `out` first: a vector that grows copies
    /// its elements (a GMP value's move may throw, so it is copied), and the
    /// elements here hold many of them.
    template <class T, class F> void each(const Node* list, std::vector<T>& out, F&& f) const {
        if (list && list->is_sequence()) {
            out.reserve(out.size() + list->items.size());
        }
        each(list, std::forward<F>(f));
    }
};

const Node* at(const Node* map, std::string_view key) {
    return Reader::at(map, key);
}

/// The top-level scalars: currency and rounding first, since money reads need them.
void read_header(const Reader& r, const Node* root, Charter& c) {
    c.currency = r.text_or(at(root, "currency"));
    if (auto d = num::minor_units(c.currency)) {
        c.minor_digits = *d;
    }
    c.rounding = r.word(at(root, "rounding"), words::kRounding).value_or(c.rounding);
    c.id = r.text_or(at(root, "id"));
    c.title = r.text_or(at(root, "title"));
    c.kind = r.text_or(at(root, "kind"));
    c.effective = r.date(at(root, "effective"));
    if (const Node* term = at(root, "term")) {
        c.term_node = term;
        if (auto ends = r.date(at(term, "ends"))) {
            c.term_ends = ends;
        } else if (auto len = r.duration(at(term, "length")); len && c.effective) {
            c.term_ends = add_days(add(*c.effective, *len), -1);
        }
    }
    if (const Node* ren = at(root, "renewal")) {
        c.renewal_length = r.duration(at(ren, "length"));
        c.renewal_notice = r.duration(at(ren, "notice"));
    }
}

Party read_party(const Reader& r, const Node* n) {
    Party p;
    p.id = r.id(at(n, "id")).value_or("");
    p.name = r.text_or(at(n, "name"));
    p.jurisdiction = r.text(at(n, "jurisdiction"));
    p.role = r.text(at(n, "role"));
    p.node = n;
    return p;
}

/// Fills `k`, a new element of the charter's list: read in place, since
/// moving an element with GMP values allocates (see Reader::money).
void read_contribution(const Reader& r, const Node* n, const Charter& c, Contribution& k) {
    k.id = r.id(at(n, "id")).value_or("");
    k.party = r.ref(at(n, "party"));
    k.kind = r.word(at(n, "kind"), words::kContributionKind).value_or(ContributionKind::Cash);
    r.money(at(n, "value"), k.value);
    r.decimal(at(n, "fte"), k.fte);
    r.money(at(n, "rate"), k.rate);
    r.decimal(at(n, "months"), k.months);
    if (!at(n, "value") && k.fte && k.rate && k.months) {
        k.value = num::round_to(*k.fte * *k.rate * *k.months / 12, c.minor_digits, c.rounding);
    }
    k.date = r.date(at(n, "date"));
    k.recoupable = r.boolean(at(n, "recoupable")).value_or(false);
    k.valuation = r.text(at(n, "valuation"));
    k.node = n;
}

/// An `assign:` mapping or a known rule word; nothing for an unknown word.
std::optional<ForegroundRule> read_foreground_rule(const Reader& r, const Node* fr) {
    ForegroundRule rule;
    rule.node = fr;
    if (fr->is_mapping()) {
        rule.kind = ForegroundRuleKind::Assign;
        rule.assign = r.ref(at(fr, "assign"));
        return rule;
    }
    auto kind = r.word(fr, words::kForegroundRule);
    if (!kind) {
        return std::nullopt;
    }
    rule.kind = *kind;
    return rule;
}

Asset read_asset(const Reader& r, const Node* n) {
    Asset a;
    a.id = r.id(at(n, "id")).value_or("");
    a.title = r.text_or(at(n, "title"));
    a.cls = r.word(at(n, "class"), words::kAssetClass).value_or(AssetClass::Background);
    a.type = r.text_or(at(n, "type"));
    a.owner = r.ratios(at(n, "owner"));
    a.created = r.date(at(n, "created"));
    if (const Node* cr = at(n, "creators"); cr && cr->is_sequence()) {
        a.creators = r.refs(cr);
    }
    r.each(at(n, "filings"), a.filings, [&](const Node* f) {
        a.filings.push_back(Filing{r.text_or(at(f, "jurisdiction")), r.text(at(f, "number")),
                                   r.date(at(f, "filed"))});
    });
    a.node = n;
    return a;
}

/// A territory is one scalar or a list of them.
std::vector<std::string> read_territory(const Node* t) {
    std::vector<std::string> out;
    if (!t) {
        return out;
    }
    if (t->is_sequence()) {
        for (const Node* i : t->items) {
            if (i->is_scalar()) {
                out.emplace_back(i->value);
            }
        }
    } else if (t->is_scalar()) {
        out.emplace_back(t->value);
    }
    return out;
}

License read_license(const Reader& r, const Node* n) {
    License l;
    l.id = r.id(at(n, "id")).value_or("");
    l.assets = r.refs(at(n, "asset"));
    l.from = r.ref(at(n, "from"));
    l.to = r.refs(at(n, "to"));
    l.scope = r.text_or(at(n, "scope"));
    l.field = r.text_or(at(n, "field"));
    l.territory = read_territory(at(n, "territory"));
    l.exclusive = r.boolean(at(n, "exclusive")).value_or(false);
    l.sublicensable = r.boolean(at(n, "sublicensable")).value_or(false);
    l.starts = r.date(at(n, "starts"));
    l.ends = r.date(at(n, "ends"));
    l.survives = r.survival(at(n, "survives"));
    l.node = n;
    return l;
}

Ip read_ip(const Reader& r, const Node* ipn) {
    Ip ip;
    ip.node = ipn;
    if (const Node* fr = at(ipn, "foreground_rule")) {
        ip.foreground_rule = read_foreground_rule(r, fr);
    }
    r.each(at(ipn, "assets"), ip.assets,
           [&](const Node* n) { ip.assets.push_back(read_asset(r, n)); });
    r.each(at(ipn, "licenses"), ip.licenses,
           [&](const Node* n) { ip.licenses.push_back(read_license(r, n)); });
    return ip;
}

/// Fills `m`, a new element of the charter's list (as read_contribution).
void read_milestone(const Reader& r, const Node* n, Milestone& m) {
    m.id = r.id(at(n, "id")).value_or("");
    m.title = r.text_or(at(n, "title"));
    m.owner = r.ref(at(n, "owner"));
    m.due = r.date(at(n, "due"));
    m.depends_on = r.refs(at(n, "depends_on"));
    m.achieved = r.date(at(n, "achieved"));
    if (const Node* p = at(n, "payment"); p && p->is_mapping()) {
        Payment& pay = m.payment.emplace();
        if (r.money(at(p, "amount"), pay.amount)) {
            pay.from = r.ref(at(p, "from"));
            pay.to = r.ref(at(p, "to"));
            pay.node = p;
        } else {
            m.payment.reset();
        }
    }
    m.node = n;
}

void read_recoup(const Reader& r, const Node* rc, Step& st) {
    st.kind = StepKind::Recoup;
    const Node* parties = at(rc, "parties");
    st.recoup_all = !parties || Reader::is(parties, words::kRecoupAll);
    if (!st.recoup_all) {
        st.recoup_parties = r.refs(parties);
    }
    st.recoup_sequential = r.word(at(rc, "order"), words::kRecoupOrder).value_or(false);
}

void read_royalty(const Reader& r, const Node* ro, Step& st) {
    st.kind = StepKind::Royalty;
    const Node* cumulative = at(ro, "cumulative");
    if (auto b = r.boolean(cumulative)) {
        st.cumulative = *b ? Window::Run : Window::None;
    } else {
        st.cumulative = r.word(cumulative, words::kCumulativeYear).value_or(Window::None);
    }
    st.whole = r.word(at(ro, "basis"), words::kRoyaltyBasis).value_or(false);
    if (const Node* mn = at(ro, "minimum"); mn && mn->is_mapping()) {
        auto per = r.word(at(mn, "per"), words::kYear);
        Minimum& minimum = st.minimum.emplace();
        if (per && r.money(at(mn, "amount"), minimum.amount)) {
            minimum.per = *per;
            minimum.node = mn;
        } else {
            st.minimum.reset();
        }
    }
    st.base = r.formula(at(ro, "base"));
    st.tiers_node = at(ro, "tiers");
    r.each(st.tiers_node, st.tiers, [&](const Node* t) {
        Tier& tier = st.tiers.emplace_back();
        tier.node = t;
        if (!r.money(at(t, "from"), tier.from) || !r.ratio(at(t, "rate"), tier.rate)) {
            st.tiers.pop_back();
        }
    });
}

/// The step's kind is the first of recoup, royalty, amount and split it has.
void read_step_kind(const Reader& r, const Node* n, Step& st) {
    if (const Node* rc = at(n, "recoup")) {
        read_recoup(r, rc, st);
    } else if (const Node* ro = at(n, "royalty")) {
        read_royalty(r, ro, st);
    } else if (const Node* am = at(n, "amount")) {
        st.kind = StepKind::Amount;
        st.amount = r.formula(am);
    } else if (const Node* sp = at(n, "split")) {
        st.kind = StepKind::Split;
        if (Reader::is(sp, words::kSplitShares)) {
            st.split_shares = true;
        } else {
            st.split = r.ratios(sp);
        }
    }
}

/// Fills `st`, a new step of the stream (as read_contribution).
void read_step(const Reader& r, const Node* n, Step& st) {
    st.id = r.id(at(n, "id")).value_or("");
    st.node = n;
    read_step_kind(r, n, st);
    if (const Node* to = at(n, "to")) {
        st.to = r.ratios(to);
    }
    if (const Node* cap = at(n, "cap")) {
        st.cap_node = cap;
        r.money(at(cap, "period"), st.cap_period);
        r.money(at(cap, "total"), st.cap_total);
    }
    st.floor_node = at(n, "floor");
    r.money(st.floor_node, st.floor);
    st.carry = r.boolean(at(n, "carry")).value_or(false);
    if (const Node* an = at(n, "active"); an && an->is_mapping()) {
        Active a;
        a.from = r.date(at(an, "from"));
        if (const Node* after = at(an, "after")) {
            a.after = r.ref(after);
        }
        a.until = r.date(at(an, "until"));
        a.node = an;
        st.active = std::move(a);
    }
}

Stream read_stream(const Reader& r, const Node* sn) {
    Stream s;
    s.id = r.id(at(sn, "id")).value_or("");
    s.title = r.text(at(sn, "title"));
    s.node = sn;
    r.each(at(sn, "waterfall"), s.waterfall,
           [&](const Node* n) { read_step(r, n, s.waterfall.emplace_back()); });
    return s;
}

Economics read_economics(const Reader& r, const Node* en) {
    Economics e;
    e.node = en;
    if (const Node* sh = at(en, "shares")) {
        e.shares_node = sh;
        if (Reader::is(sh, words::kSharesProRata)) {
            e.pro_rata_contributions = true;
        } else if (sh->is_mapping()) {
            e.shares = r.ratios(sh);
        }
    }
    r.each(at(en, "vesting"), e.vesting, [&](const Node* n) {
        Vesting& v = e.vesting.emplace_back();
        if (!r.ratio(at(n, "portion"), v.portion)) {
            e.vesting.pop_back();
            return;
        }
        v.party = r.ref(at(n, "party"));
        v.milestone = r.ref(at(n, "milestone"));
        v.node = n;
    });
    if (const Node* u = at(en, "unvested"); u && u->is_mapping()) {
        e.unvested_to = r.ref(at(u, "to"));
    }
    r.each(at(en, "streams"), e.streams,
           [&](const Node* sn) { e.streams.push_back(read_stream(r, sn)); });
    return e;
}

Committee read_committee(const Reader& r, const Node* cm) {
    Committee k;
    k.node = cm;
    k.seats_node = at(cm, "seats");
    if (k.seats_node && k.seats_node->is_mapping()) {
        for (const auto& e : k.seats_node->entries) {
            auto p = r.id(e.key);
            auto n = r.integer(e.value);
            if (p && n) {
                k.seats.emplace_back(Ref{*p, e.key}, *n);
            }
        }
    }
    k.quorum_node = at(cm, "quorum");
    k.quorum = r.integer(k.quorum_node);
    if (const Node* cv = at(cm, "casting_vote");
        cv && cv->is_scalar() && !Reader::is(cv, words::kNoCastingVote)) {
        k.casting_vote = r.ref(cv);
    }
    return k;
}

/// Fills `m`, a new matter of the list (as read_contribution).
void read_matter(const Reader& r, const Node* n, Matter& m) {
    m.id = r.id(at(n, "id")).value_or("");
    m.approval = r.word(at(n, "approval"), words::kApproval).value_or(Approval::Majority);
    m.threshold_node = at(n, "threshold");
    r.ratio(m.threshold_node, m.threshold);
    m.veto = r.refs(at(n, "veto"));
    m.node = n;
}

Governance read_governance(const Reader& r, const Node* gn) {
    Governance g;
    g.node = gn;
    if (const Node* cm = at(gn, "committee"); cm && cm->is_mapping()) {
        g.committee = read_committee(r, cm);
    }
    r.each(at(gn, "matters"), g.matters,
           [&](const Node* n) { read_matter(r, n, g.matters.emplace_back()); });
    g.decision_log = r.text(at(gn, "decision_log"));
    return g;
}

void read_wind_down(const Reader& r, const Node* wd, WindDown& w) {
    w.node = wd;
    w.period = r.duration(at(wd, "period"));
    const Node* costs = at(wd, "costs");
    if (costs && costs->is_mapping()) {
        w.costs = CostsRule::Mapping;
        w.mapping = r.ratios(costs);
    } else {
        w.costs = r.word(costs, words::kCosts).value_or(CostsRule::ProRataShares);
    }
    r.money(at(wd, "estimate"), w.estimate);
}

/// Fills `t`, a new trigger of the list (as read_contribution).
void read_trigger(const Reader& r, const Node* n, Trigger& t) {
    t.id = r.id(at(n, "id")).value_or("");
    t.cause = r.text_or(at(n, "cause"));
    const Node* ib = at(n, "invoked_by");
    t.invoked_by_any = Reader::is(ib, words::kInvokedByAny);
    if (!t.invoked_by_any) {
        t.invoked_by = r.refs(ib);
    }
    t.leaver_is_invoker = r.word(at(n, "leaver"), words::kLeaver).value_or(true);
    t.notice = r.duration(at(n, "notice"));
    t.cure = r.duration(at(n, "cure"));
    t.unvested_keep = r.word(at(n, "unvested"), words::kUnvested).value_or(false);
    if (const Node* b = at(n, "buyout")) {
        t.buyout_price = r.formula(at(b, "price"));
    }
    t.foreground =
        r.word(at(n, "foreground"), words::kForegroundExit).value_or(ForegroundExit::Keep);
    if (const Node* li = at(n, "licenses")) {
        t.from_leaver_survives = r.word(at(li, "from_leaver"), words::kFromLeaver).value_or(true);
        t.to_leaver_survives = r.word(at(li, "to_leaver"), words::kToLeaver).value_or(true);
    }
    if (const Node* wd = at(n, "wind_down"); wd && wd->is_mapping()) {
        read_wind_down(r, wd, t.wind_down.emplace());
    }
    t.node = n;
}

std::vector<Trigger> read_triggers(const Reader& r, const Node* xn) {
    std::vector<Trigger> triggers;
    r.each(at(xn, "triggers"), triggers,
           [&](const Node* n) { read_trigger(r, n, triggers.emplace_back()); });
    return triggers;
}

Disputes read_disputes(const Reader& r, const Node* dn) {
    Disputes d;
    r.each(at(dn, "ladder"), d.ladder, [&](const Node* n) {
        d.ladder.push_back(DisputeStep{r.text_or(at(n, "step")), r.duration(at(n, "within")),
                                       r.text(at(n, "rules")), r.text(at(n, "seat"))});
    });
    d.law = r.text(at(dn, "law"));
    return d;
}

ScenarioPeriod read_scenario_period(const Reader& r, const Node* pn) {
    std::optional<Period> period;
    if (const Node* pv = at(pn, "period"); pv && pv->is_scalar()) {
        if (auto p = parse_period(pv->value)) {
            period = *p;
        }
    }
    return ScenarioPeriod{period, r.amounts(at(pn, "revenue")), pn};
}

/// A scenario has one `revenue:` or a list of `periods:`.
Scenario read_scenario(const Reader& r, const Node* n) {
    Scenario s;
    s.id = r.id(at(n, "id")).value_or("");
    s.node = n;
    if (const Node* rev = at(n, "revenue")) {
        s.single_period = true;
        s.periods.push_back(ScenarioPeriod{std::nullopt, r.amounts(rev), rev});
    } else {
        r.each(at(n, "periods"), s.periods,
               [&](const Node* pn) { s.periods.push_back(read_scenario_period(r, pn)); });
    }
    s.as_of = r.date(at(n, "as_of"));
    s.expect = r.amounts(at(n, "expect"));
    return s;
}

/// The mapping under `key`, or null when it is absent or not a mapping.
const Node* section(const Node* root, std::string_view key) {
    const Node* n = at(root, key);
    return n && n->is_mapping() ? n : nullptr;
}

} // namespace

Charter build_charter(std::shared_ptr<const Tree> tree) {
    Charter c;
    c.tree = tree;
    const Node* root = tree ? tree->root : nullptr;
    if (!root || !root->is_mapping()) {
        return c;
    }
    Reader r;
    read_header(r, root, c);
    r.digits = c.minor_digits;
    r.each(at(root, "parties"), c.parties,
           [&](const Node* n) { c.parties.push_back(read_party(r, n)); });
    r.each(at(root, "contributions"), c.contributions,
           [&](const Node* n) { read_contribution(r, n, c, c.contributions.emplace_back()); });
    if (const Node* ipn = section(root, "ip")) {
        c.ip = read_ip(r, ipn);
    }
    r.each(at(root, "milestones"), c.milestones,
           [&](const Node* n) { read_milestone(r, n, c.milestones.emplace_back()); });
    if (const Node* en = section(root, "economics")) {
        c.economics = read_economics(r, en);
    }
    if (const Node* gn = section(root, "governance")) {
        c.governance = read_governance(r, gn);
    }
    if (const Node* xn = section(root, "exit")) {
        c.exit_triggers = read_triggers(r, xn);
    }
    if (const Node* cf = section(root, "confidentiality")) {
        c.confidentiality = r.survival(at(cf, "survives"));
    }
    if (const Node* dn = section(root, "disputes")) {
        c.disputes = read_disputes(r, dn);
    }
    r.each(at(root, "scenarios"), c.scenarios,
           [&](const Node* n) { c.scenarios.push_back(read_scenario(r, n)); });
    c.notes = r.text(at(root, "notes"));
    c.build_index();
    return c;
}

} // namespace charter::model
