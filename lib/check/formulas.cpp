// Formulas: parsed and checked where they stand, errors pointing at the
// column inside the formula, in the file.
#include "check/context.hpp"
#include "formula/formula.hpp"
#include "load/scalar_text.hpp"

namespace charter::check {

namespace {

/// The code of a problem that parse() or check() reports.
Code code_of(ProblemKind k) {
    switch (k) {
    case ProblemKind::TooLarge:
        return Code::FormulaTooLarge;
    case ProblemKind::UnknownName:
        return Code::FormulaUnknownName;
    case ProblemKind::Type:
        return Code::FormulaType;
    default:
        return Code::FormulaSyntax;
    }
}

void check_one(Context& ctx, const model::FormulaText& f, const formula::Context& fctx) {
    if (!f.node) {
        return;
    }
    const Source& src = *ctx.charter.tree->source;
    auto start = scalar_text_start(*ctx.charter.tree, *f.node);
    auto loc = [&](std::size_t off, std::size_t len) {
        if (!start) {
            return ctx.where(f.node);
        }
        std::size_t b = std::min(*start + off, *start + f.node->value.size());
        std::size_t e =
            std::min(*start + off + std::max<std::size_t>(len, 1), *start + f.node->value.size());
        return src.span(b, std::max(e, b + (b < *start + f.node->value.size() ? 1 : 0)));
    };
    auto report = [&](const Problem& err) {
        auto& d = ctx.report_at(code_of(err.kind), f.node, loc(err.offset, err.length), err.message,
                                err.help);
        if (err.related_offset != std::string::npos) {
            d.notes.push_back(
                Related{err.related_message, loc(err.related_offset, err.related_length)});
        }
    };
    const auto& parsed = *f.parsed;
    if (!parsed) {
        report(parsed.error());
        return;
    }
    for (const auto& err : formula::check(*parsed, fctx)) {
        report(err);
    }
}

} // namespace

void check_formulas(Context& ctx) {
    const auto& c = ctx.charter;
    // one list of parties and one of each stream's steps, shared by every
    // formula's context: no copy per step
    std::vector<std::string> party_ids;
    party_ids.reserve(c.parties.size());
    for (const auto& p : c.parties) {
        party_ids.push_back(p.id);
    }
    auto parties = std::make_shared<const formula::IdList>(std::move(party_ids));
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            std::vector<std::string> step_ids;
            step_ids.reserve(s.waterfall.size());
            for (const auto& st : s.waterfall) {
                step_ids.push_back(st.id);
            }
            auto steps = std::make_shared<const formula::IdList>(std::move(step_ids));
            for (std::size_t i = 0; i < s.waterfall.size(); ++i) {
                auto fctx = formula::waterfall_context(parties, steps, i);
                const auto& st = s.waterfall[i];
                if (st.amount) {
                    check_one(ctx, *st.amount, fctx);
                }
                if (st.base) {
                    check_one(ctx, *st.base, fctx);
                }
            }
        }
    }
    if (c.exit_triggers) {
        auto fctx = formula::buyout_context(parties);
        for (const auto& t : *c.exit_triggers) {
            if (t.buyout_price) {
                check_one(ctx, *t.buyout_price, fctx);
            }
        }
    }
}

} // namespace charter::check
