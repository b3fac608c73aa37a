// References between parts of a charter, and reserved party ids.
#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

#include "check/context.hpp"
#include "model/refs.hpp"

namespace charter::check {

namespace {

/// Reports references to ids that no list has.
class Resolver {
  public:
    explicit Resolver(Context& ctx) : m_ctx(ctx) {}

    void operator()(model::IdKind kind, const model::Ref& r) {
        if (r.id.empty() || !r.node) {
            return; // malformed: reported by the structural check
        }
        const auto& c = m_ctx.charter;
        switch (kind) {
        case model::IdKind::Party:
            return resolve(r, m_parties, c.parties, &model::Charter::party, "party", "parties");
        case model::IdKind::Asset:
            return resolve(r, m_assets, c.ip ? c.ip->assets : m_no_assets, &model::Charter::asset,
                           "asset", "assets");
        case model::IdKind::Milestone:
            return resolve(r, m_milestones, c.milestones, &model::Charter::milestone, "milestone",
                           "milestones");
        case model::IdKind::Stream:
            return resolve(r, m_streams, c.economics ? c.economics->streams : m_no_streams,
                           &model::Charter::stream, "stream", "streams");
        default:
            return; // steps, triggers and scenarios are not referenced outside formulas
        }
    }

  private:
    /// The ids of one list, made on first use.
    struct Known {
        bool made = false;
        std::vector<std::string_view> ids;
    };

    /// Lists this short are scanned: cheaper than the charter's index.
    static constexpr std::size_t kScanned = 16;

    template <class List, class Find>
    void resolve(const model::Ref& r, Known& k, const List& list, Find find, std::string_view what,
                 std::string_view plural) {
        if (!k.made) {
            k.made = true;
            for (const auto& x : list) {
                k.ids.push_back(x.id);
            }
        }
        const auto& known = k.ids;
        bool found = known.size() <= kScanned
                         ? std::find(known.begin(), known.end(), r.id) != known.end()
                         : (m_ctx.charter.*find)(r.id) != nullptr;
        if (found) {
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

    Context& m_ctx;
    Known m_parties, m_assets, m_milestones, m_streams;
    const std::vector<model::Asset> m_no_assets;
    const std::vector<model::Stream> m_no_streams;
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
