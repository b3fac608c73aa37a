// References between parts of a charter, and reserved party ids.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "check/context.hpp"
#include "model/refs.hpp"

namespace charter::check {

namespace {

class Resolver {
  public:
    explicit Resolver(Context& ctx) : m_ctx(ctx) {
        const auto& c = ctx.charter;
        for (const auto& p : c.parties) {
            m_parties.push_back(p.id);
        }
        if (c.ip) {
            for (const auto& a : c.ip->assets) {
                m_assets.push_back(a.id);
            }
        }
        for (const auto& m : c.milestones) {
            m_milestones.push_back(m.id);
        }
        if (c.economics) {
            for (const auto& s : c.economics->streams) {
                m_streams.push_back(s.id);
            }
        }
    }

    void operator()(model::IdKind kind, const model::Ref& r) {
        switch (kind) {
        case model::IdKind::Party:
            return resolve(r, m_parties, "party", "parties");
        case model::IdKind::Asset:
            return resolve(r, m_assets, "asset", "assets");
        case model::IdKind::Milestone:
            return resolve(r, m_milestones, "milestone", "milestones");
        case model::IdKind::Stream:
            return resolve(r, m_streams, "stream", "streams");
        default:
            return; // steps, triggers and scenarios are not referenced outside formulas
        }
    }

  private:
    void resolve(const model::Ref& r, const std::vector<std::string_view>& known,
                 std::string_view what, std::string_view plural) {
        if (r.id.empty() || !r.node) {
            return; // malformed: reported by the structural check
        }
        if (known_ids(known).count(r.id)) {
            return;
        }
        // "did you mean" compares the id with every known one: within a
        // budget, so that thousands of unknown references among thousands of
        // ids cannot take minutes (suggestions stop; the errors do not)
        std::string_view close;
        if (known.size() <= m_suggest_budget) {
            m_suggest_budget -= known.size();
            close = text::suggest(r.id, known);
        }
        std::string help;
        if (!close.empty()) {
            help = fmt::format("did you mean '{}'?", close);
        } else if (known.empty()) {
            help = fmt::format("the charter lists no {}", plural);
        } else if (known.size() <= 8) {
            help = fmt::format("the {} are {}", plural, text::join_words(known));
        } else {
            help = fmt::format("use the id of one of the {} {}", known.size(), plural);
        }
        m_ctx.report(Code::UnknownReference, r.node,
                     fmt::format("unknown {} '{}'", what, text::shown(r.id)), std::move(help));
    }

    /// The ids of a list as a set, made on first use: a reference is then
    /// found in log n, not by a scan of every party.
    const std::set<std::string_view>& known_ids(const std::vector<std::string_view>& known) {
        auto& ids = m_sets[&known];
        if (ids.empty() && !known.empty()) {
            ids.insert(known.begin(), known.end());
        }
        return ids;
    }

    Context& m_ctx;
    std::vector<std::string_view> m_parties, m_assets, m_milestones, m_streams;
    std::map<const std::vector<std::string_view>*, std::set<std::string_view>> m_sets;
    /// Known ids a file's suggestions may compare with in all: a typo or a
    /// hundred among 20,000 ids get one, a flood of unknown ids does not.
    std::size_t m_suggest_budget = 2'000'000;
};

/// Party ids must not be reserved words or start with x-.
void check_reserved_ids(Context& ctx) {
    for (const auto& p : ctx.charter.parties) {
        bool reserved = model::is_reserved_word(p.id);
        if (reserved || p.id.compare(0, 2, "x-") == 0) {
            ctx.report(
                Code::ReservedId, Context::child(p.node, "id"),
                reserved
                    ? fmt::format("'{}' is a reserved word and cannot be a party id", p.id)
                    : fmt::format("party id '{}' starts with x-, which marks extensions", p.id),
                "choose another id, such as the company's short name");
        }
    }
}

} // namespace

void check_references(Context& ctx) {
    const auto& c = ctx.charter;
    check_reserved_ids(ctx);
    // section by section, in file order: the suggestion budget is spent in that order
    Resolver res(ctx);
    model::visit_refs(c, std::ref(res));
}

} // namespace charter::check
