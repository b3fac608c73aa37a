// The charter format, version 1, as a table (described for people in charter(5)).
#include <deque>

#include "schema/schema.hpp"
#include "util/text.hpp"

namespace charter::schema {

const Field* Type::field(std::string_view name) const {
    std::size_t i = field_index(name);
    return i < fields.size() ? &fields[i] : nullptr;
}

std::size_t Type::field_index(std::string_view name) const {
    if (field_names.size() == fields.size()) {
        for (std::size_t i = 0; i < field_names.size(); ++i) {
            if (text::same(field_names[i], name)) {
                return i;
            }
        }
        return fields.size();
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (text::same(fields[i].name, name)) {
            return i;
        }
    }
    return fields.size();
}

namespace {

class Builder {
  public:
    Type& add(Type t) { return m_types.emplace_back(std::move(t)); }

    const Type* scalar(ScalarKind k, std::string def, std::string what, std::string desc = {}) {
        Type t;
        t.kind = Kind::Scalar;
        t.scalar = k;
        t.def_name = std::move(def);
        t.what = std::move(what);
        t.description = std::move(desc);
        return &add(std::move(t));
    }
    const Type* words(std::vector<std::string> ws, std::string desc = {}) {
        Type t;
        t.kind = Kind::Scalar;
        t.scalar = ScalarKind::Enum;
        t.what = "one of: ";
        for (std::size_t i = 0; i < ws.size(); ++i) {
            t.what += (i ? ", " : "") + ws[i];
        }
        t.words = std::move(ws);
        t.description = std::move(desc);
        return &add(std::move(t));
    }
    const Type* integer(long long minimum, std::string what) {
        Type t;
        t.kind = Kind::Scalar;
        t.scalar = ScalarKind::Integer;
        t.minimum = minimum;
        t.what = std::move(what);
        return &add(std::move(t));
    }
    const Type* list(const Type* item, int min_items, std::string what, std::string def = {}) {
        Type t;
        t.kind = Kind::List;
        t.item = item;
        t.min_items = min_items;
        t.what = std::move(what);
        t.def_name = std::move(def);
        return &add(std::move(t));
    }
    const Type* map(const Type* value, std::string what, std::string def = {}) {
        Type t;
        t.kind = Kind::Map;
        t.value = value;
        t.what = std::move(what);
        t.def_name = std::move(def);
        return &add(std::move(t));
    }
    const Type* either(std::vector<const Type*> alts, std::string what, std::string def = {}) {
        Type t;
        t.kind = Kind::Union;
        t.alternatives = std::move(alts);
        t.what = std::move(what);
        t.def_name = std::move(def);
        return &add(std::move(t));
    }
    Type& object(std::string def, std::string what, std::string desc, std::vector<Field> fields) {
        Type t;
        t.kind = Kind::Object;
        t.def_name = std::move(def);
        t.what = std::move(what);
        t.description = std::move(desc);
        t.fields = std::move(fields);
        return add(std::move(t));
    }

    /// Fills each type's field_names, once every type is complete.
    void index_fields() {
        for (Type& t : m_types) {
            t.field_names.clear();
            for (const Field& f : t.fields) {
                t.field_names.emplace_back(f.name);
            }
        }
    }

  private:
    std::deque<Type> m_types;
};

struct Table {
    Builder b;
    const Type* root = nullptr;

    Table() {
        auto* text = b.scalar(ScalarKind::Text, "text", "text");
        auto* id = b.scalar(ScalarKind::Id, "id", "an id (lower-case letters, digits and '-')",
                            "lower-case letters, digits and '-', starting with a letter or digit; "
                            "at most 64 characters");
        auto* date = b.scalar(ScalarKind::Date, "date", "a date (YYYY-MM-DD)",
                              "ISO 8601 calendar date, YYYY-MM-DD");
        auto* duration = b.scalar(
            ScalarKind::Duration, "duration", "a duration such as 90d, 6w, 18m or 5y",
            "a whole number of days (d), weeks (w), calendar months (m) or calendar years (y)");
        auto* money = b.scalar(ScalarKind::Money, "money",
                               "an amount of money such as 1_500_000 or 250000.50",
                               "exact decimal in the charter's currency, not negative, '_' "
                               "separators allowed, no exponent");
        auto* ratio =
            b.scalar(ScalarKind::Ratio, "ratio", "a ratio such as 60%, 0.6 or 2/3",
                     "a number in [0, 1]: a percentage (60%), a decimal (0.6) or a fraction (2/3)");
        auto* formula = b.scalar(ScalarKind::Formula, "formula",
                                 "a formula such as \"min(8% * revenue, 2_000_000)\"",
                                 "an arithmetic expression; see FORMULAS in charter(5)");
        auto* boolean = b.scalar(ScalarKind::Bool, "", "true or false");
        auto* decimal = b.scalar(ScalarKind::Decimal, "decimal", "a number such as 2.5",
                                 "an exact non-negative decimal");
        auto* currency =
            b.scalar(ScalarKind::Currency, "currency", "an ISO 4217 currency code such as USD",
                     "ISO 4217 alphabetic code");
        auto* period = b.scalar(ScalarKind::Period, "period",
                                "a period such as 2026, 2026-H1, 2026-Q4, 2026-03 or 2026-03-15",
                                "YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD");
        auto* version = b.scalar(ScalarKind::Version, "", "the format version 1");
        auto* ids = b.list(id, 0, "a list of ids");
        auto* ids1 = b.list(id, 1, "a list of ids");
        auto* ratios = b.map(ratio, "a mapping of parties to ratios", "party_ratios");
        auto* party_or_ratios = b.either(
            {id, ratios}, "a party id or a mapping of parties to ratios", "party_or_ratios");
        auto* money_map = b.map(money, "a mapping of ids to amounts", "amounts");

        auto& term = b.object(
            "term", "a term", "how long the charter runs: {ends: date} or {length: duration}",
            {{"ends", date, false, "last day of the term"},
             {"length", duration, false,
              "length from the effective date; the last day is effective + length - 1 day"}});
        term.one_of.push_back({{"ends"}, {"length"}});

        auto& renewal =
            b.object("renewal", "a renewal", "renewal terms (recorded and checked, not simulated)",
                     {{"length", duration, true, "length of each renewal"},
                      {"notice", duration, false, "notice needed to prevent renewal"}});

        auto& party =
            b.object("party", "a party", "an organisation that is party to the charter",
                     {{"id", id, true, "the party's id, used everywhere else"},
                      {"name", text, true, "legal name"},
                      {"jurisdiction", text, false, "where the party is incorporated, e.g. US-DE"},
                      {"role", text, false, "free text"}});

        auto& contribution = b.object(
            "contribution", "a contribution",
            "what a party brings: cash, people, IP, data, facilities, equipment or services",
            {{"id", id, true, ""},
             {"party", id, true, "the contributing party"},
             {"kind",
              b.words({"cash", "personnel", "ip", "data", "facilities", "equipment", "services"}),
              true, ""},
             {"value", money, false, "the value; for personnel give fte, rate and months instead"},
             {"fte", decimal, false, "full-time equivalents (personnel)"},
             {"rate", money, false, "yearly cost of one FTE (personnel)"},
             {"months", decimal, false, "months of work (personnel)"},
             {"date", date, false, "when it was made"},
             {"recoupable", boolean, false, "recovered first by a recoup step (default false)",
              "false"},
             {"valuation", text, false, "how a non-cash value was set"}});
        contribution.one_of.push_back({{"value"}, {"fte", "rate", "months"}});

        auto& assign =
            b.object("", "an assignment", "",
                     {{"assign", id, true, "the party that owns unlisted foreground IP"}});
        auto* foreground_rule = b.either(
            {b.words({"joint-equal", "joint-pro-rata-contributions", "by-creator"}), &assign},
            "joint-equal, joint-pro-rata-contributions, by-creator or {assign: party}",
            "foreground_rule");

        auto& filing = b.object("filing", "a filing", "a patent or registration filing",
                                {{"jurisdiction", text, true, ""},
                                 {"number", text, false, ""},
                                 {"filed", date, false, ""}});
        auto& asset =
            b.object("asset", "an IP asset",
                     "background (pre-existing) or foreground (made under the charter) IP",
                     {{"id", id, true, ""},
                      {"title", text, true, ""},
                      {"class", b.words({"background", "foreground"}), true, ""},
                      {"type",
                       b.words({"patent", "patent-application", "trade-secret", "copyright",
                                "software", "data", "know-how", "trademark", "design"}),
                       true, ""},
                      {"owner", party_or_ratios, false,
                       "one party, or joint shares; required for background assets"},
                      {"created", date, false, ""},
                      {"creators", ids, false, "the parties that made it (needed for by-creator)"},
                      {"filings", b.list(&filing, 0, "a list of filings"), false, ""}});

        auto* id_or_ids = b.either({id, ids1}, "an id or a list of ids", "id_or_ids");
        auto* territory = b.either({text, b.list(text, 1, "a list of territory codes")},
                                   "a territory code, a list of codes, or worldwide", "territory");
        auto* survives = b.either({b.words({"none", "perpetual"}), duration},
                                  "none, perpetual or a duration", "survival");
        auto& license = b.object(
            "license", "a license", "a license of one or more assets from a party to others",
            {{"id", id, true, ""},
             {"asset", id_or_ids, true, "the licensed asset(s)"},
             {"from", id, true, "the licensor: must own or co-own every asset"},
             {"to", id_or_ids, true, "the licensee(s)"},
             {"scope", b.words({"research", "development", "commercial", "all"}), true, ""},
             {"field", text, true, "field of use; all for any"},
             {"territory", territory, true, "region/country codes, or worldwide"},
             {"exclusive", boolean, true, ""},
             {"sublicensable", boolean, false, "default false", "false"},
             {"starts", date, false, "default: the effective date"},
             {"ends", date, false, "default: the end of term"},
             {"survives", survives, false,
              "after exit or termination: none (default), a duration, or perpetual", "none"}});

        auto& ip = b.object("ip", "the IP section", "background and foreground IP and its licenses",
                            {{"foreground_rule", foreground_rule, false,
                              "owner of foreground IP whose owner is not written"},
                             {"assets", b.list(&asset, 0, "a list of assets"), false, ""},
                             {"licenses", b.list(&license, 0, "a list of licenses"), false, ""}});

        auto& payment =
            b.object("payment", "a payment", "paid when the milestone is achieved",
                     {{"from", id, true, ""}, {"to", id, true, ""}, {"amount", money, true, ""}});
        auto& milestone =
            b.object("milestone", "a milestone", "a deliverable with a due date",
                     {{"id", id, true, ""},
                      {"title", text, true, ""},
                      {"owner", id, true, "the party responsible"},
                      {"due", date, true, ""},
                      {"depends_on", ids, false, "milestones that must be achieved first"},
                      {"achieved", date, false, "recorded when it happens"},
                      {"payment", &payment, false, ""}});

        auto& vesting = b.object(
            "vesting", "a vesting entry", "part of a party's share that waits on a milestone",
            {{"party", id, true, ""}, {"portion", ratio, true, ""}, {"milestone", id, true, ""}});
        auto& unvested_to = b.object("", "{to: party}", "",
                                     {{"to", id, true, "the party that takes unvested share"}});
        auto* unvested =
            b.either({b.words({"pro-rata"}), &unvested_to}, "pro-rata or {to: party}", "unvested");
        auto* shares =
            b.either({b.words({"pro-rata-contributions"}), ratios},
                     "a mapping of parties to shares, or pro-rata-contributions", "shares");

        auto& recoup =
            b.object("recoup", "a recoup", "recover recoupable contributions first",
                     {{"parties", b.either({b.words({"all"}), ids1}, "all or a list of parties"),
                       false, "default all", "all"},
                      {"order", b.words({"pro-rata", "sequential"}), false, "default pro-rata",
                       "pro-rata"}});
        auto& tier =
            b.object("tier", "a tier", "",
                     {{"from", money, true, "lower bound of the band"}, {"rate", ratio, true, ""}});
        auto* year = b.words({"calendar-year", "contract-year"});
        auto& minimum = b.object(
            "minimum", "a minimum royalty",
            "a minimum royalty per year: at the year's last day the royalty is topped up to it",
            {{"per", year, true, "calendar-year or contract-year (years from the effective date)"},
             {"amount", money, true, "the least the royalty pays in a year"}});
        auto& royalty = b.object(
            "royalty", "a royalty", "tiers over a base, marginal or on the whole base",
            {{"cumulative",
              b.either({boolean, year}, "true, false, calendar-year or contract-year",
                       "cumulative"),
              false,
              "where bands count from: false (each period alone), true (the whole run), "
              "calendar-year or contract-year (the earlier periods of the same year)",
              "false"},
             {"basis", b.words({"marginal", "whole"}), false,
              "marginal: each tier's rate on its band; whole: the rate of the tier reached on "
              "the whole base (default marginal)",
              "marginal"},
             {"base", formula, false, "default: revenue", "revenue"},
             {"tiers", b.list(&tier, 1, "a list of tiers"), true, ""},
             {"minimum", &minimum, false, "a minimum royalty per year"}});
        auto& active = b.object("active", "an active window",
                                "the royalty term: the step claims nothing outside it",
                                {{"from", date, false, "first day (inclusive)"},
                                 {"after", id, false, "a milestone: from its achieved date"},
                                 {"until", date, false, "last day (inclusive)"}});
        auto& cap = b.object("cap", "a cap", "",
                             {{"period", money, false, "most paid in one period"},
                              {"total", money, false, "most paid over all periods"}});
        auto* split = b.either({b.words({"shares"}), ratios},
                               "shares or a mapping of parties to ratios", "split");
        auto& step = b.object(
            "step", "a waterfall step", "one step of a revenue waterfall",
            {{"id", id, true, ""},
             {"recoup", &recoup, false, ""},
             {"royalty", &royalty, false, ""},
             {"amount", formula, false, "the claim, as a formula"},
             {"split", split, false, "the rest of the pool; must be the last step"},
             {"to", party_or_ratios, false, "recipient(s), required with royalty and amount"},
             {"active", &active, false,
              "when a royalty or amount step claims (a royalty term); default always"},
             {"cap", &cap, false, ""},
             {"floor", money, false, ""},
             {"carry", boolean, false, "carry unpaid claims to the next period", "false"}});
        step.one_of.push_back({{"recoup"}, {"royalty"}, {"amount"}, {"split"}});
        auto& stream =
            b.object("stream", "a revenue stream", "",
                     {{"id", id, true, ""},
                      {"title", text, false, ""},
                      {"waterfall", b.list(&step, 0, "a list of steps"), true, "ordered steps"}});
        auto& economics =
            b.object("economics", "the economics section", "",
                     {{"shares", shares, false, "residual shares"},
                      {"vesting", b.list(&vesting, 0, "a list of vesting entries"), false, ""},
                      {"unvested", unvested, false, "where unvested share goes (default pro-rata)",
                       "pro-rata"},
                      {"streams", b.list(&stream, 0, "a list of streams"), false, ""}});

        auto& committee = b.object(
            "committee", "a committee", "",
            {{"seats",
              b.map(b.integer(0, "a whole number of seats"), "a mapping of parties to seats"), true,
              ""},
             {"quorum", b.integer(0, "a whole number"), true, ""},
             {"casting_vote", b.either({b.words({"none"}), id}, "none or a party"), false, "",
              "none"}});
        auto& matter =
            b.object("matter", "a matter", "a kind of decision and how it is approved",
                     {{"id", id, true, ""},
                      {"approval", b.words({"unanimous", "majority", "supermajority"}), true, ""},
                      {"threshold", ratio, false, "with supermajority only, in (1/2, 1]"},
                      {"veto", ids, false, ""}});
        auto& governance =
            b.object("governance", "the governance section", "",
                     {{"committee", &committee, false, ""},
                      {"matters", b.list(&matter, 0, "a list of matters"), false, ""},
                      {"decision_log", b.words({"required", "optional"}), false, ""}});

        auto& buyout = b.object("buyout", "a buyout", "remaining parties buy the leaver's share",
                                {{"price", formula, true,
                                  "may use contributed(@p), share(@p), fair_value and @leaver"}});
        auto* survive_terminate = b.words({"survive", "terminate"});
        auto& exit_licenses =
            b.object("exit_licenses", "license rules", "",
                     {{"from_leaver", survive_terminate, false, "default survive", "survive"},
                      {"to_leaver", survive_terminate, false, "default survive", "survive"}});
        auto* costs = b.either({b.words({"pro-rata-shares", "leaver", "equal"}), ratios},
                               "pro-rata-shares, leaver, equal or a mapping of parties to ratios",
                               "wind_down_costs");
        auto& wind_down = b.object("wind_down", "a wind-down", "",
                                   {{"period", duration, true, ""},
                                    {"costs", costs, true, ""},
                                    {"estimate", money, false, ""}});
        auto& trigger = b.object(
            "trigger", "an exit trigger", "a way a party can leave",
            {{"id", id, true, ""},
             {"cause",
              b.words({"convenience", "breach", "insolvency", "change-of-control",
                       "performance-failure", "regulatory", "strategic-realignment"}),
              true, ""},
             {"invoked_by", b.either({b.words({"any"}), ids1}, "any or a list of parties"), true,
              ""},
             {"leaver", b.words({"invoker", "counterparty"}), true, ""},
             {"notice", duration, false, ""},
             {"cure", duration, false, ""},
             {"unvested", b.words({"forfeit", "keep"}), false, "default forfeit", "forfeit"},
             {"buyout", &buyout, false, ""},
             {"foreground", b.words({"assign", "license-back", "keep"}), true, ""},
             {"licenses", &exit_licenses, false, "default: both survive"},
             {"wind_down", &wind_down, false, ""}});
        auto& exit = b.object("exit", "the exit section", "",
                              {{"triggers", b.list(&trigger, 0, "a list of triggers"), false, ""}});

        auto& confidentiality = b.object(
            "confidentiality", "the confidentiality section", "",
            {{"survives", b.either({b.words({"perpetual"}), duration}, "a duration or perpetual"),
              true, ""}});
        auto& rung = b.object("dispute_step", "a dispute step", "",
                              {{"step", text, true, "negotiation, mediation, arbitration, ..."},
                               {"within", duration, false, ""},
                               {"rules", text, false, ""},
                               {"seat", text, false, ""}});
        auto& disputes = b.object(
            "disputes", "the disputes section", "",
            {{"ladder", b.list(&rung, 0, "a list of steps"), false, ""}, {"law", text, false, ""}});

        auto& scenario_period = b.object(
            "scenario_period", "a period", "",
            {{"period", period, true, ""}, {"revenue", money_map, true, "revenue per stream"}});
        auto& scenario =
            b.object("scenario", "a scenario", "a worked example with expected results",
                     {{"id", id, true, ""},
                      {"periods", b.list(&scenario_period, 1, "a list of periods"), false, ""},
                      {"revenue", money_map, false, "one period: revenue per stream"},
                      {"as_of", date, false, "single-period scenarios only"},
                      {"expect", money_map, true, "expected totals per party"}});
        scenario.one_of.push_back({{"periods"}, {"revenue"}});
        scenario.needs.emplace_back("as_of", "revenue");

        auto& charter = b.object(
            "", "a charter", "A partnership charter, format version 1",
            {{"charter", version, true, "format version: 1"},
             {"id", id, true, ""},
             {"title", text, true, ""},
             {"kind",
              b.words({"joint-development", "strategic-alliance", "joint-venture",
                       "supplier-partnership", "ecosystem-alliance", "university-partnership",
                       "cooperative-rd", "public-private", "open-innovation"}),
              true, ""},
             {"effective", date, true, "the day the charter takes effect"},
             {"term", &term, true, ""},
             {"renewal", &renewal, false, ""},
             {"currency", currency, true, ""},
             {"rounding", b.words({"half-even", "half-up", "down"}), false, "default half-even",
              "half-even"},
             {"parties", b.list(&party, 2, "a list of parties"), true, "at least two"},
             {"contributions", b.list(&contribution, 0, "a list of contributions"), false, ""},
             {"ip", &ip, false, ""},
             {"milestones", b.list(&milestone, 0, "a list of milestones"), false, ""},
             {"economics", &economics, false, ""},
             {"governance", &governance, false, ""},
             {"exit", &exit, false, ""},
             {"confidentiality", &confidentiality, false, ""},
             {"disputes", &disputes, false, ""},
             {"scenarios", b.list(&scenario, 0, "a list of scenarios"), false, ""},
             {"notes", text, false, "free text"}});
        root = &charter;
        b.index_fields();
    }
};

} // namespace

const Type& charter_type() {
    static const Table table;
    return *table.root;
}

} // namespace charter::schema
