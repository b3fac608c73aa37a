// IP: owners, licensors, and overlapping exclusive licenses.
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "check/context.hpp"

namespace charter::check {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}

/// An asset without `owner:` must be decided by the foreground rule.
void check_asset_owner(Context& ctx, const model::Asset& a, const model::ForegroundRule* rule) {
    if (a.owner || !a.node || !a.node->is_mapping() || a.node->get("owner")) {
        return; // owner written (or malformed: reported by the structure check)
    }
    if (a.cls == model::AssetClass::Background) {
        ctx.report_at(Code::BackgroundWithoutOwner, a.node,
                      ctx.where_key(Context::key_of(a.node, "id")),
                      fmt::format("background asset '{}' has no owner", a.id),
                      "add `owner:` with the party that brought it, or joint shares");
    } else if (!rule) {
        ctx.report_at(
            Code::ForegroundWithoutOwner, a.node, ctx.where_key(Context::key_of(a.node, "id")),
            fmt::format("foreground asset '{}' has no owner and the charter has no foreground_rule",
                        a.id),
            "add `owner:` to the asset, or `ip.foreground_rule` to decide all such assets");
    } else if (rule->kind == model::ForegroundRuleKind::ByCreator &&
               (!a.creators || a.creators->empty())) {
        auto& d = ctx.report_at(
            Code::ByCreatorWithoutCreators, a.node, ctx.where_key(Context::key_of(a.node, "id")),
            fmt::format("foreground asset '{}' is owned by its creators, but lists none", a.id),
            "add `creators:` (the parties that made it) or an explicit `owner:`");
        ctx.note(d, "foreground_rule is by-creator here", rule->node);
    }
}

/// The licensor of `l` must own or co-own each asset it licenses (whose owners are known).
void check_licensor(Context& ctx, const model::License& l) {
    const auto& c = ctx.charter;
    for (const auto& ref : l.assets) {
        const model::Asset* a = c.asset(ref.id);
        if (!a) {
            continue;
        }
        auto owners = c.owners_of(*a);
        if (!owners) {
            continue;
        }
        bool owns = std::any_of(owners->begin(), owners->end(), [&](const auto& o) {
            return o.first == l.from.id && o.second > 0;
        });
        if (owns) {
            continue;
        }
        std::vector<std::string_view> names;
        for (const auto& o : *owners) {
            names.push_back(o.first);
        }
        auto& d =
            ctx.report(Code::LicensorNotOwner, l.from.node,
                       fmt::format("license '{}' is granted by '{}', which does not own asset '{}'",
                                   l.id, l.from.id, a->id),
                       fmt::format("'{}' is owned by {}: the licensor must own or co-own it", a->id,
                                   text::join_words(names)));
        ctx.note(d, fmt::format("asset '{}' is defined here", a->id), a->node);
    }
}

/// An exclusive license with a known period, as the overlap check compares it:
/// ids interned, sorted and unique, so two licenses meet by binary search.
struct Exclusive {
    std::size_t license = 0; ///< position in ip.licenses
    long long starts = 0, ends = 0;
    std::string field; ///< lower case
    bool any_field = false, worldwide = false;
    std::vector<std::size_t> assets, territories;
};

bool intersects(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    const auto& small = a.size() <= b.size() ? a : b;
    const auto& large = a.size() <= b.size() ? b : a;
    return std::any_of(small.begin(), small.end(), [&](std::size_t x) {
        return std::binary_search(large.begin(), large.end(), x);
    });
}

/// Field and territory overlap, and a shared asset (the period is the caller's).
bool meet(const Exclusive& a, const Exclusive& b) {
    return (a.any_field || b.any_field || a.field == b.field) &&
           (a.worldwide || b.worldwide || intersects(a.territories, b.territories)) &&
           intersects(a.assets, b.assets);
}

using Interned = std::unordered_map<std::string_view, std::size_t>;

std::size_t intern(Interned& ids, std::string_view id) {
    return ids.emplace(id, ids.size()).first->second;
}

std::vector<std::size_t> sorted_unique(std::vector<std::size_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

/// The exclusive licenses whose periods (from `effective` to the term's end
/// unless given) are known: the others overlap nothing.
std::vector<Exclusive> exclusives(const model::Charter& c, Interned& asset_ids,
                                  Interned& territory_ids) {
    std::vector<Exclusive> out;
    const auto& licenses = c.ip->licenses;
    for (std::size_t i = 0; i < licenses.size(); ++i) {
        const auto& l = licenses[i];
        auto s = l.starts ? l.starts : c.effective;
        auto e = l.ends ? l.ends : c.term_ends;
        if (!l.exclusive || !s || !e) {
            continue;
        }
        Exclusive x{i, to_days(*s), to_days(*e), lower(l.field), false, false, {}, {}};
        x.any_field = x.field == "all";
        for (const auto& a : l.assets) {
            if (!a.id.empty()) {
                x.assets.push_back(intern(asset_ids, a.id));
            }
        }
        for (const auto& t : l.territory) {
            x.worldwide = x.worldwide || t == "worldwide";
            x.territories.push_back(intern(territory_ids, t));
        }
        x.assets = sorted_unique(std::move(x.assets));
        x.territories = sorted_unique(std::move(x.territories));
        out.push_back(std::move(x));
    }
    return out;
}

/// Licenses that have one key in common (an asset, a territory, a field, or
/// none), ordered by start, with the latest end under each range of them
/// among those entered so far: the ones whose period meets a given period
/// are found in O(log n) each.
class Bucket {
  public:
    void add(std::size_t x) { m_members.push_back(x); }
    std::size_t entered() const { return m_entered; }

    void seal(const std::vector<Exclusive>& xs) {
        std::sort(m_members.begin(), m_members.end(), [&](std::size_t a, std::size_t b) {
            return std::pair(xs[a].starts, a) < std::pair(xs[b].starts, b);
        });
        m_size = 1;
        while (m_size < m_members.size()) {
            m_size *= 2;
        }
        m_latest.assign(2 * m_size, kNone);
    }
    void enter(const std::vector<Exclusive>& xs, std::size_t x) {
        auto it = std::lower_bound(
            m_members.begin(), m_members.end(), x, [&](std::size_t a, std::size_t b) {
                return std::pair(xs[a].starts, a) < std::pair(xs[b].starts, b);
            });
        std::size_t node = m_size + static_cast<std::size_t>(it - m_members.begin());
        for (m_latest[node] = xs[x].ends; node > 1; node /= 2) {
            m_latest[node / 2] = std::max(m_latest[node / 2], m_latest[node]);
        }
        ++m_entered;
    }
    /// Calls `found` with each entered license whose period meets [starts, ends].
    template <class F>
    void meeting(const std::vector<Exclusive>& xs, long long starts, long long ends,
                 F&& found) const {
        std::size_t below = static_cast<std::size_t>(
            std::partition_point(m_members.begin(), m_members.end(),
                                 [&](std::size_t a) { return xs[a].starts <= ends; }) -
            m_members.begin());
        struct Range {
            std::size_t node, first, width; // a tree node and the leaves under it
        };
        std::vector<Range> todo{{1, 0, m_size}};
        while (!todo.empty()) {
            auto [node, first, width] = todo.back();
            todo.pop_back();
            if (first >= below || m_latest[node] < starts) {
                continue;
            }
            if (width == 1) {
                found(m_members[first]);
                continue;
            }
            todo.push_back({2 * node + 1, first + width / 2, width / 2});
            todo.push_back({2 * node, first, width / 2});
        }
    }

  private:
    static constexpr long long kNone = std::numeric_limits<long long>::min();
    std::vector<std::size_t> m_members;
    std::vector<long long> m_latest;
    std::size_t m_size = 1, m_entered = 0;
};

/// Every exclusive license in the buckets of its assets, its territories (or
/// `worldwide`), its field (or `all`), and the bucket of all.
class Buckets {
  public:
    Buckets(const std::vector<Exclusive>& xs, std::size_t assets, std::size_t territories)
        : m_xs(xs), m_buckets(assets + territories + 3), m_assets(assets),
          m_any_field(assets + territories), m_worldwide(m_any_field + 1),
          m_every(m_any_field + 2) {
        for (std::size_t x = 0; x < xs.size(); ++x) {
            if (!xs[x].any_field && !m_fields.count(xs[x].field)) {
                m_fields.emplace(xs[x].field, m_buckets.size());
                m_buckets.emplace_back();
            }
            for (auto b : of(x)) {
                m_buckets[b].add(x);
            }
        }
        for (auto& b : m_buckets) {
            b.seal(xs);
        }
    }
    void enter(std::size_t x) {
        for (auto b : of(x)) {
            m_buckets[b].enter(m_xs, x);
        }
    }
    /// The entered licenses that overlap `x` in field, territory, period and
    /// an asset, found through the buckets of the key that has the fewest.
    std::vector<std::size_t> overlapping(std::size_t x, std::vector<std::size_t>& stamp) const {
        const auto& me = m_xs[x];
        std::vector<std::size_t> by_asset, by_territory, by_field;
        for (auto a : me.assets) {
            by_asset.push_back(a);
        }
        if (me.worldwide) {
            by_territory.push_back(m_every);
        } else {
            by_territory.push_back(m_worldwide);
            for (auto t : me.territories) {
                by_territory.push_back(m_assets + t);
            }
        }
        by_field.push_back(me.any_field ? m_every : m_any_field);
        if (!me.any_field) {
            by_field.push_back(m_fields.at(me.field));
        }
        const auto* fewest = &by_asset;
        for (const auto* keys : {&by_territory, &by_field}) {
            if (entered(*keys) < entered(*fewest)) {
                fewest = keys;
            }
        }
        std::vector<std::size_t> out;
        for (auto b : *fewest) {
            m_buckets[b].meeting(m_xs, me.starts, me.ends, [&](std::size_t other) {
                if (stamp[other] != x) {
                    stamp[other] = x;
                    if (meet(m_xs[other], me)) {
                        out.push_back(other);
                    }
                }
            });
        }
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    std::size_t entered(const std::vector<std::size_t>& keys) const {
        std::size_t n = 0;
        for (auto b : keys) {
            n += m_buckets[b].entered();
        }
        return n;
    }
    std::vector<std::size_t> of(std::size_t x) const {
        const auto& me = m_xs[x];
        std::vector<std::size_t> out(me.assets.begin(), me.assets.end());
        if (me.worldwide) {
            out.push_back(m_worldwide);
        } else {
            for (auto t : me.territories) {
                out.push_back(m_assets + t);
            }
        }
        out.push_back(me.any_field ? m_any_field : m_fields.at(me.field));
        out.push_back(m_every);
        return out;
    }

    const std::vector<Exclusive>& m_xs;
    std::vector<Bucket> m_buckets;
    std::size_t m_assets, m_any_field, m_worldwide, m_every;
    std::map<std::string_view, std::size_t> m_fields;
};

/// Up to this many exclusive licenses are compared pair by pair.
constexpr std::size_t kPairwise = 8;

/// The licenses before `x` that overlap it in field, territory, period and
/// an asset, in order: what Buckets::overlapping finds, by comparing each.
std::vector<std::size_t> earlier_overlapping(const std::vector<Exclusive>& xs, std::size_t x) {
    std::vector<std::size_t> out;
    const auto& me = xs[x];
    for (std::size_t other = 0; other < x; ++other) {
        const auto& o = xs[other];
        if (o.starts <= me.ends && o.ends >= me.starts && meet(o, me)) {
            out.push_back(other);
        }
    }
    return out;
}

/// The last asset `later` lists that `earlier` covers too.
const model::Ref& shared_asset(const Exclusive& earlier, const model::License& later,
                               const Interned& asset_ids) {
    for (auto it = later.assets.rbegin(); it != later.assets.rend(); ++it) {
        if (!it->id.empty() && std::binary_search(earlier.assets.begin(), earlier.assets.end(),
                                                  asset_ids.at(it->id))) {
            return *it;
        }
    }
    return later.assets.back(); // unreachable: the two share an asset
}

Diagnostic& report_overlap(Context& ctx, const model::License& earlier, const model::License& later,
                           const model::Ref& shared) {
    auto& d = ctx.report(
        Code::ExclusiveOverlap, Context::child(later.node, "exclusive"),
        fmt::format("exclusive license '{}' of '{}' overlaps exclusive license '{}' in "
                    "field, territory and period",
                    later.id, shared.id, earlier.id),
        "narrow the field, territory or period of one of them, or make one non-exclusive");
    ctx.note(d, fmt::format("license '{}' is defined here", earlier.id),
             Context::child(earlier.node, "id"));
    return d;
}

/// Two exclusive licenses of one asset must not overlap in field, territory
/// and period. Each license is compared only with the earlier ones that share
/// its rarest kind of key (see Buckets) and meet its period, so time grows
/// with the licenses' keys and the pairs found, not with every pair; the
/// pairs are reported by the later license, then the earlier, in file order,
/// up to kMaxOverlaps (a file with so many is wrong throughout).
void check_exclusive_overlaps(Context& ctx) {
    constexpr std::size_t kMaxOverlaps = 1000;
    const auto& licenses = ctx.charter.ip->licenses;
    if (std::count_if(licenses.begin(), licenses.end(),
                      [](const model::License& l) { return l.exclusive; }) < 2) {
        return; // one exclusive license overlaps nothing
    }
    Interned asset_ids, territory_ids;
    auto xs = exclusives(ctx.charter, asset_ids, territory_ids);
    // a few licenses are compared pair by pair: the buckets cost more than they save
    std::optional<Buckets> buckets;
    if (xs.size() > kPairwise) {
        buckets.emplace(xs, asset_ids.size(), territory_ids.size());
    }
    std::vector<std::size_t> stamp(xs.size(), xs.size());
    std::size_t reported = 0;
    Diagnostic* last = nullptr;
    for (std::size_t x = 0; x < xs.size(); ++x) {
        const auto& later = licenses[xs[x].license];
        for (auto other : buckets ? buckets->overlapping(x, stamp) : earlier_overlapping(xs, x)) {
            const auto& earlier = licenses[xs[other].license];
            if (reported == kMaxOverlaps) {
                ctx.note(*last,
                         fmt::format("exclusive license '{}' overlaps '{}' too: only the first "
                                     "{} overlapping pairs are reported",
                                     later.id, earlier.id, kMaxOverlaps),
                         Context::child(later.node, "exclusive"));
                return;
            }
            // only this loop reports here, so `last` stays valid until the next report
            last = &report_overlap(ctx, earlier, later, shared_asset(xs[other], later, asset_ids));
            ++reported;
        }
        if (buckets) {
            buckets->enter(x);
        }
    }
}

} // namespace

void check_ip(Context& ctx) {
    const auto& c = ctx.charter;
    if (!c.ip) {
        return;
    }
    const auto& ip = *c.ip;
    const auto* rule = ip.foreground_rule ? &*ip.foreground_rule : nullptr;
    for (const auto& a : ip.assets) {
        check_asset_owner(ctx, a, rule);
    }
    for (const auto& l : ip.licenses) {
        if (!l.from.id.empty() && c.party(l.from.id)) {
            check_licensor(ctx, l);
        }
    }
    check_exclusive_overlaps(ctx);
}

} // namespace charter::check
