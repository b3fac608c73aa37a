// init_charter: a commented starting charter for one kind of partnership,
// whose scenario `expect` is computed from the charter as written.
#include "charter/init.hpp"

#include <algorithm>
#include <set>

#include "api/internal.hpp"
#include "charter/splits.hpp"
#include "num/currency.hpp"
#include "util/date.hpp"

namespace charter {

namespace {

/// What differs between the kinds; everything else is shared.
struct Kind {
    std::string name;      ///< as `--kind` says it
    std::string word;      ///< the charter's `kind`
    std::string title;     ///< "Joint Development Agreement"
    std::string id_suffix; ///< "jda"
    std::string role_first, role_other;
    std::string stream, stream_title;
    std::string milestone1, milestone1_title, milestone2, milestone2_title;
};

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> k = {
        {"joint-development", "joint-development", "Joint Development Agreement", "jda",
         "technology developer", "development partner and manufacturer", "product-sales",
         "Net sales of the co-developed product", "m1-prototype", "Working prototype", "m2-pilot",
         "Pilot production run"},
        {"strategic-alliance", "strategic-alliance", "Strategic Alliance Agreement", "alliance",
         "product owner", "channel and integration partner", "joint-sales",
         "Sales of the joint offering", "m1-integration", "Integrated offering released",
         "m2-first-customers", "First ten customers live"},
        {"joint-venture", "joint-venture", "Joint Venture Agreement", "jv", "majority venturer",
         "venturer", "jv-net-income", "Net income distributed by the venture", "m1-incorporation",
         "Venture company incorporated", "m2-first-revenue", "First revenue of the venture"},
        {"university", "university-partnership", "Sponsored Research and License Agreement",
         "research", "university (research and licensing)", "industry sponsor",
         "licensed-product-sales", "Net sales of licensed products", "m1-proof-of-concept",
         "Proof of concept in the laboratory", "m2-field-trial", "Field trial with the sponsor"},
    };
    return k;
}

bool valid_party_id(const std::string& id) {
    static const std::set<std::string, std::less<>> reserved = {"all", "any", "none", "leaver",
                                                                "notes"};
    if (id.empty() || id.size() > 64 || id == "-" || reserved.count(id) || id.rfind("x-", 0) == 0) {
        return false;
    }
    if (!(std::islower(static_cast<unsigned char>(id[0])) ||
          std::isdigit(static_cast<unsigned char>(id[0])))) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    });
}

/// "acme-labs" -> "Acme Labs Ltd." (a placeholder name to replace).
std::string placeholder_name(const std::string& id) {
    std::string out;
    bool up = true;
    for (char ch : id) {
        if (ch == '-') {
            out += ' ';
            up = true;
        } else {
            out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
            up = false;
        }
    }
    return out + " Ltd.";
}

/// The same amount as the charter writes money: "1432567.67" -> "1_432_567.67".
std::string yaml_money(const std::string& plain) {
    std::size_t dot = plain.find('.');
    std::size_t end = dot == std::string::npos ? plain.size() : dot;
    std::string out;
    for (std::size_t i = 0; i < end; ++i) {
        if (i > 0 && (end - i) % 3 == 0) {
            out += '_';
        }
        out += plain[i];
    }
    return out + plain.substr(end);
}

/// The residual share of each of n parties, exact: "50%", "25%", "1/3".
std::string equal_share(std::size_t n) {
    return 100 % n == 0 ? std::to_string(100 / n) + "%" : "1/" + std::to_string(n);
}

class Writer {
  public:
    Writer(const Kind& k, const std::vector<std::string>& p, std::string currency, Date effective)
        : m_k(k), m_p(p), m_currency(std::move(currency)), m_effective(effective) {}

    std::string text(const std::string& expect) {
        m_out.clear();
        header();
        parties();
        contributions();
        ip();
        milestones();
        economics();
        governance();
        exits();
        tail(expect);
        return m_out;
    }

  private:
    void line(const std::string& s) { m_out += s + "\n"; }
    /// A line with its comment in column 41 (or one space after a long line).
    void note(const std::string& s, const std::string& comment) {
        std::string l = s;
        l.append(l.size() < 40 ? 40 - l.size() : 1, ' ');
        line(l + "# " + comment);
    }
    bool university() const { return m_k.name == "university"; }
    bool venture() const { return m_k.name == "joint-venture"; }
    bool has_recoup() const { return m_k.name == "joint-development" || university(); }
    std::string date_after(int months) const {
        return format_date(add(m_effective, Duration{months, DurationUnit::Months}));
    }

    void header() {
        line("# A starting " + m_k.title + ", made by `charter init --kind " + m_k.name + "`.");
        line("# Replace the placeholders (names, amounts, dates, fields of use), then check it:");
        line("#   charter validate --strict FILE");
        line("# The scenario at the end was computed from this charter as written: after");
        line("# changing the economics, recompute it (charter splits FILE --scenario first-year)");
        line("# and update its `expect`. charter(5) describes every key.");
        note("charter: 1", "format version: always 1");
        note("id: " + m_p[0] + "-" + m_p[1] + "-" + m_k.id_suffix,
             "this charter's id: lower-case letters, digits and '-'");
        note("title: " + placeholder_name(m_p[0]) + " / " + placeholder_name(m_p[1]) + " " +
                 m_k.title,
             "the agreement's name");
        note("kind: " + m_k.word, "the kind of partnership");
        note("effective: " + format_date(m_effective), "the day the agreement takes effect");
        note("term: {length: 5y}", "how long it runs: {length: 5y} or {ends: YYYY-MM-DD}");
        note("renewal: {length: 2y, notice: 180d}",
             "renewed for 2 years; notice is due 180 days before the end");
        note("currency: " + m_currency, "ISO 4217 code: every amount below is in it");
        note("rounding: half-even", "amounts round to the minor unit: half-even, half-up or down");
        line("");
    }

    void parties() {
        line("# Who is bound: an id used everywhere below, the legal name, and optionally");
        line("# the jurisdiction of incorporation and the party's role.");
        line("parties:");
        for (std::size_t i = 0; i < m_p.size(); ++i) {
            line("  - id: " + m_p[i]);
            line("    name: " + placeholder_name(m_p[i]));
            note("    jurisdiction: " + std::string(i == 0 ? "US-DE" : "DE"),
                 "country or state code, free text");
            line("    role: " + (i == 0 ? m_k.role_first : m_k.role_other));
        }
        line("");
    }

    void contributions() {
        line("# What each party brings, valued in the currency. Recoupable contributions are");
        line("# paid back first by a `recoup` step of the waterfall.");
        line("contributions:");
        for (std::size_t i = 0; i < m_p.size(); ++i) {
            line("  - id: " + m_p[i] + "-contribution");
            line("    party: " + m_p[i]);
            bool personnel = (university() && i == 0) || (!university() && !venture() && i == 1);
            if (personnel) {
                note("    kind: personnel", "cash, personnel, ip, data, facilities, equipment...");
                note("    fte: 2", "personnel: value = fte * rate * months / 12");
                note("    rate: 150_000", "yearly cost of one full-time person");
                line("    months: 12");
            } else {
                std::string kind = venture() || (i == (university() ? 1u : 0u)) ? "cash"
                                   : m_k.name == "strategic-alliance"           ? "services"
                                                                                : "equipment";
                note("    kind: " + kind, "cash, personnel, ip, data, facilities, equipment...");
                note("    value: " + std::string(i == 0 ? "1_500_000" : "1_000_000"),
                     "in " + m_currency);
            }
            line("    date: " + date_after(1));
            bool recoupable = has_recoup() && !personnel && (i == 0 || university());
            note("    recoupable: " + std::string(recoupable ? "true" : "false"),
                 "true: paid back first by the recoup step");
        }
        line("");
    }

    void ip() {
        line("ip:");
        if (venture()) {
            note("  foreground_rule: joint-pro-rata-contributions",
                 "who owns foreground IP that names no owner");
        } else {
            note("  foreground_rule: joint-equal", "who owns foreground IP that names no owner");
        }
        line("  assets:");
        for (std::size_t i = 0; i < m_p.size(); ++i) {
            line("    - id: " + m_p[i] + "-background");
            line("      title: " + placeholder_name(m_p[i]) + " pre-existing know-how and patents");
            note("      class: background", "background: brought in; foreground: made here");
            note("      type: " + std::string(i == 0 ? "patent" : "know-how"),
                 "patent, software, data, know-how, trademark, ...");
            note("      owner: " + m_p[i], "one party, or shares: {a: 60%, b: 40%}");
        }
        line("    - id: joint-results");
        line("      title: Results made under this agreement");
        line("      class: foreground");
        line("      type: patent-application");
        if (university()) {
            note("      owner: " + m_p[0], "the university owns and licenses the results");
        }
        std::string creators;
        for (const auto& p : m_p) {
            creators += (creators.empty() ? "" : ", ") + p;
        }
        note("      creators: [" + creators + "]", "who made it");
        line("  licenses:");
        line("    - id: " + m_p[0] + "-to-" + m_p[1]);
        std::string asset =
            university() ? "[" + m_p[0] + "-background, joint-results]" : m_p[0] + "-background";
        note("      asset: " + asset, "one asset id or a list");
        note("      from: " + m_p[0], "the licensor: must own every asset");
        note("      to: " + m_p[1], "the licensee: one party or a list");
        note("      scope: " + std::string(university() || m_k.name == "strategic-alliance"
                                               ? "commercial"
                                               : "development"),
             "research, development, commercial or all");
        note("      field: products of the partnership", "field of use, or all");
        note("      territory: worldwide", "codes ([EU, US]) or worldwide");
        note("      exclusive: " + std::string(university() ? "true" : "false"),
             "exclusive grants may not overlap");
        line("      sublicensable: false");
        note("      survives: 2y", "after exit or termination: none, a duration or perpetual");
        line("");
    }

    void milestones() {
        line("# Obligations with a due date; record `achieved: YYYY-MM-DD` when one is met.");
        line("milestones:");
        line("  - id: " + m_k.milestone1);
        line("    title: " + m_k.milestone1_title);
        note("    owner: " + m_p[0], "the party that must deliver it");
        line("    due: " + date_after(9));
        note("    payment: {from: " + m_p[1] + ", to: " + m_p[0] + ", amount: 200_000}",
             "paid when achieved");
        line("  - id: " + m_k.milestone2);
        line("    title: " + m_k.milestone2_title);
        line("    owner: " + m_p[1]);
        line("    due: " + date_after(24));
        note("    depends_on: [" + m_k.milestone1 + "]", "milestones that must come first");
        line("");
    }

    void economics() {
        line("economics:");
        if (venture()) {
            note("  shares: pro-rata-contributions", "residual shares: as contributed");
        } else {
            std::string shares;
            for (const auto& p : m_p) {
                shares += (shares.empty() ? "" : ", ") + p + ": " + equal_share(m_p.size());
            }
            note("  shares: {" + shares + "}", "residual shares: must sum to 100%");
            line("  vesting:                              # part of a share waits on a milestone");
            line("    - {party: " + m_p[1] + ", portion: 20%, milestone: " + m_k.milestone2 + "}");
            note("  unvested: pro-rata", "unvested share goes pro rata to the vested shares");
        }
        line("  streams:");
        line("    - id: " + m_k.stream);
        line("      title: " + m_k.stream_title);
        line("      waterfall:                        # the steps in order; each takes from what "
             "is left");
        if (has_recoup()) {
            line("        - id: recoup-costs");
            note("          recoup: {parties: all, order: pro-rata}",
                 "recoupable contributions come back first");
            line("        - id: " + std::string(university() ? "university-royalty" : "royalty"));
            line("          to: " + m_p[0]);
            line("          royalty:");
            note("            cumulative: true", "tiers count revenue over the whole run");
            line("            tiers:                      # marginal: each rate applies to its "
                 "band");
            line("              - {from: 0, rate: " + std::string(university() ? "3%" : "5%") +
                 "}");
            line("              - {from: 1_000_000, rate: " +
                 std::string(university() ? "4%" : "7%") + "}");
            note("          cap: {total: 2_000_000}", "at most this much in total");
        } else if (venture()) {
            line("        - id: management-fee");
            line("          to: " + m_p[0]);
            note("          amount: \"min(2% * revenue, 250_000)\"", "a formula (charter(5))");
        } else {
            line("        - id: referral-fee");
            line("          to: " + m_p[1]);
            note("          amount: \"10% * revenue\"", "a formula (charter(5))");
            note("          floor: 5_000", "at least this much a period");
            note("          carry: true", "what the pool cannot pay is owed next period");
        }
        line("        - id: residual");
        note("          split: shares", "the last step: the rest by the shares");
        line("");
    }

    void governance() {
        line("governance:");
        line("  committee:");
        std::string seats;
        for (const auto& p : m_p) {
            seats += (seats.empty() ? "" : ", ") + p + ": 1";
        }
        note("    seats: {" + seats + "}", "seats on the steering committee");
        note("    quorum: " + std::to_string(m_p.size()), "seats present for a decision");
        note("    casting_vote: " + m_p[0], "whose chair breaks ties (or none)");
        line("  matters:");
        line("    - id: budget-change");
        note("      approval: supermajority", "unanimous, majority or supermajority");
        note("      threshold: 2/3", "with supermajority: above 1/2, at most 1");
        note("      veto: [" + m_p[1] + "]", "parties that can block it");
        line("    - id: ip-filing");
        line("      approval: majority");
        line("    - id: new-party");
        line("      approval: unanimous");
        note("  decision_log: required", "decisions are minuted");
        line("");
    }

    void exits() {
        line("exit:");
        line("  triggers:");
        line("    - id: convenience");
        note("      cause: convenience", "convenience, breach, insolvency, change-of-control...");
        note("      invoked_by: any", "any, or a list of parties");
        note("      leaver: invoker", "invoker: the invoking party leaves");
        line("      notice: 180d");
        note("      unvested: forfeit", "forfeit or keep the unvested share");
        line("      buyout:");
        note("        price: \"contributed(@leaver)\"", "the others pay the leaver this formula");
        note("      foreground: license-back", "assign, license-back or keep");
        line("      licenses: {from_leaver: survive, to_leaver: terminate}");
        line("      wind_down:");
        line("        period: 90d");
        note("        costs: pro-rata-shares", "pro-rata-shares, leaver, equal or a mapping");
        note("        estimate: 100_000", "what winding down is expected to cost");
        line("    - id: breach");
        line("      cause: breach");
        line("      invoked_by: any");
        note("      leaver: counterparty", "the party in breach leaves");
        note("      notice: 30d", "after the cure period");
        note("      cure: 30d", "time to remedy the breach");
        line("      foreground: assign");
        line("      licenses: {from_leaver: survive, to_leaver: terminate}");
        line("      wind_down:");
        line("        period: 60d");
        line("        costs: leaver");
        line("");
    }

    void tail(const std::string& expect) {
        note("confidentiality: {survives: 5y}", "after the end of the term");
        line("");
        line("disputes:");
        line("  ladder:                               # tried in this order");
        line("    - {step: negotiation, within: 30d}");
        line("    - {step: mediation, within: 60d}");
        line("    - {step: arbitration, rules: ICC, seat: Geneva}");
        note("  law: Swiss law", "the governing law");
        line("");
        line("# Worked examples: `charter validate` recomputes each and fails where a result");
        line("# differs from `expect`.");
        line("scenarios:");
        line("  - id: first-year");
        note("    revenue: {" + m_k.stream + ": 3_000_000}", "one period's revenue per stream");
        note("    expect: {" + expect + "}", "what each party receives in total");
    }

    const Kind& m_k;
    const std::vector<std::string>& m_p;
    std::string m_currency;
    Date m_effective;
    std::string m_out;
};

} // namespace

std::vector<std::string> init_kinds() {
    std::vector<std::string> out;
    for (const auto& k : kinds()) {
        out.push_back(k.name);
    }
    return out;
}

Expected<std::string, Error> init_charter(const InitOptions& options) {
    auto kind = std::find_if(kinds().begin(), kinds().end(),
                             [&](const Kind& k) { return k.name == options.kind; });
    if (kind == kinds().end()) {
        std::string names;
        for (const auto& k : kinds()) {
            names += (names.empty() ? "" : ", ") + k.name;
        }
        return unexpected(
            api::request_error("unknown kind '" + options.kind + "'; the kinds are " + names));
    }
    auto effective = parse_date(options.effective);
    if (!effective) {
        return unexpected(api::request_error("effective date: " + effective.error().message,
                                             effective.error().help));
    }
    if (!num::minor_units(options.currency)) {
        return unexpected(api::request_error("unknown currency '" + options.currency + "'",
                                             "give an ISO 4217 code such as USD, EUR or JPY"));
    }
    std::vector<std::string> parties = options.parties;
    if (parties.empty()) {
        parties = kind->name == "university" ? std::vector<std::string>{"university", "sponsor"}
                                             : std::vector<std::string>{"party-a", "party-b"};
    }
    if (parties.size() < 2) {
        return unexpected(api::request_error("a charter needs at least two parties"));
    }
    std::set<std::string, std::less<>> seen;
    for (const auto& p : parties) {
        if (!valid_party_id(p)) {
            return unexpected(api::request_error(
                "'" + p + "' cannot be a party id",
                "use lower-case letters, digits and '-', at most 64 characters, starting with a "
                "letter or digit; not all, any, none, leaver, notes or x-..."));
        }
        if (!seen.insert(p).second) {
            return unexpected(api::request_error("party '" + p + "' is given twice"));
        }
    }
    // A charter with a placeholder `expect`, computed, then written with
    // what the computation gives: the scenario holds by construction.
    Writer w(*kind, parties, options.currency, *effective);
    std::string draft = w.text(parties[0] + ": 0");
    CHARTER_TRY(auto charter, load(draft, "init"));
    CHARTER_TRY(auto splits, compute_scenario(charter, "first-year"));
    std::string expect;
    for (const auto& pa : splits.by_party) {
        expect += (expect.empty() ? "" : ", ") + pa.party + ": " + yaml_money(pa.amount);
    }
    return w.text(expect);
}

} // namespace charter
