#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "schema/schema.hpp"
#include "util/source.hpp"

using charter::Code;
using charter::Diagnostic;

namespace {

/// The top of a small valid charter; tests append sections to it.
const std::string kHead = "charter: 1\n"
                          "id: small-jda\n"
                          "title: Small joint development\n"
                          "kind: joint-development\n"
                          "effective: 2026-01-15\n"
                          "term: {length: 5y}\n"
                          "currency: USD\n"
                          "parties:\n"
                          "  - {id: acme, name: Acme Robotics Inc.}\n"
                          "  - {id: globex, name: Globex GmbH}\n";

struct Checked {
    charter::LoadResult loaded;
    std::vector<Diagnostic> diags;

    int count(Code code) const {
        return static_cast<int>(std::count_if(
            diags.begin(), diags.end(), [code](const Diagnostic& d) { return d.code == code; }));
    }
    const Diagnostic* find(Code code) const {
        for (const auto& d : diags) {
            if (d.code == code) {
                return &d;
            }
        }
        return nullptr;
    }
};

Checked check(std::string text) {
    Checked c;
    c.loaded = charter::load_yaml(
        std::make_shared<const charter::Source>("t.charter.yaml", std::move(text)));
    REQUIRE(c.loaded.tree);
    REQUIRE(c.loaded.diagnostics.empty());
    c.diags = charter::schema::check_structure(*c.loaded.tree);
    return c;
}

std::string with_currency(const std::string& code) {
    std::string head = kHead;
    head.replace(head.find("currency: USD"), 13, "currency: " + code);
    return head;
}

} // namespace

TEST_SUITE("schema") {
    TEST_CASE("the small charter has no structural findings") {
        auto c = check(kHead);
        CHECK(c.diags.empty());
    }

    TEST_CASE("a missing required key points at the key of the mapping that lacks it") {
        auto c = check(kHead + "renewal:\n  notice: 90d\n");
        REQUIRE(c.diags.size() == 1);
        const Diagnostic& d = c.diags[0];
        CHECK(d.code == Code::MissingKey);
        CHECK(d.message == "a renewal is missing the required key 'length'");
        CHECK(d.path == "renewal");
        CHECK(d.loc.line == 11);
        CHECK(d.loc.column == 1);
        CHECK(d.loc.end_line == 11);
        CHECK(d.loc.end_column == 8);
        CHECK(d.help.find("length") != std::string::npos);
    }

    TEST_CASE("a missing key of a list entry points at the entry") {
        std::string text = kHead;
        text.replace(text.find("{id: globex, name: Globex GmbH}"), 31, "{id: globex}");
        auto c = check(text);
        REQUIRE(c.diags.size() == 1);
        CHECK(c.diags[0].code == Code::MissingKey);
        CHECK(c.diags[0].message.find("'name'") != std::string::npos);
        CHECK(c.diags[0].path == "parties[globex]");
        CHECK(c.diags[0].loc.line == 10);
        CHECK(c.diags[0].loc.column == 5);
    }

    TEST_CASE("a missing top-level key points at the start of the charter") {
        std::string text = kHead;
        text.erase(text.find("kind: joint-development\n"), 24);
        auto c = check(text);
        REQUIRE(c.diags.size() == 1);
        CHECK(c.diags[0].code == Code::MissingKey);
        CHECK(c.diags[0].message == "a charter is missing the required key 'kind'");
        CHECK(c.diags[0].loc.line == 1);
    }

    TEST_CASE("an unknown key suggests the close spelling") {
        auto c = check(
            kHead +
            "confidentiality: {survive: 5y}\ntittle: Misspelt\nx-internal: {anything: [goes]}\n");
        REQUIRE(c.count(Code::UnknownKey) == 2);
        const Diagnostic& nested = c.diags[0];
        CHECK(nested.code == Code::UnknownKey);
        CHECK(nested.message == "unknown key 'survive' in the confidentiality section");
        CHECK(nested.help == "did you mean 'survives'?");
        CHECK(nested.loc.line == 11);
        CHECK(nested.loc.column == 19);
        CHECK(nested.path == "confidentiality.survive");

        const Diagnostic* top = nullptr;
        for (const auto& d : c.diags) {
            if (d.code == Code::UnknownKey && d.message.find("tittle") != std::string::npos) {
                top = &d;
            }
        }
        REQUIRE(top);
        CHECK(top->help == "did you mean 'title'?");
        CHECK(top->loc.line == 12);
        CHECK(top->loc.column == 1);
        // survives is now missing: reported too, at the section's key
        CHECK(c.count(Code::MissingKey) == 1);
    }

    // A swap of two neighbouring letters counts as one edit, so the commonest
    // typo of `title` gets its suggestion.
    TEST_CASE("an unknown key with two letters swapped suggests the key") {
        auto c = check(kHead + "titel: Misspelt\n");
        const Diagnostic* d = c.find(Code::UnknownKey);
        REQUIRE(d);
        CHECK(d->help == "did you mean 'title'?");
    }

    TEST_CASE("an unknown key with no close spelling lists the keys") {
        auto c = check(kHead + "disputes: {venue: Geneva}\n");
        const Diagnostic* d = c.find(Code::UnknownKey);
        REQUIRE(d);
        CHECK(d->help.find("ladder") != std::string::npos);
        CHECK(d->help.find("law") != std::string::npos);
        CHECK(d->help.find("x- extensions") != std::string::npos);
    }

    TEST_CASE("a contribution gives a value or fte, rate and months") {
        SUBCASE("value alone") {
            auto c =
                check(kHead +
                      "contributions:\n  - {id: c1, party: acme, kind: cash, value: 1_500_000}\n");
            CHECK(c.diags.empty());
        }
        SUBCASE("fte, rate and months") {
            auto c = check(kHead + "contributions:\n"
                                   "  - {id: c1, party: acme, kind: personnel, fte: 2.5, rate: "
                                   "180_000, months: 12}\n");
            CHECK(c.diags.empty());
        }
        SUBCASE("value and fte together") {
            auto c = check(kHead + "contributions:\n"
                                   "  - {id: c1, party: acme, kind: personnel, value: 10, fte: "
                                   "2.5, rate: 1, months: 12}\n");
            REQUIRE(c.diags.size() == 1);
            const Diagnostic& d = c.diags[0];
            CHECK(d.code == Code::ConflictingKeys);
            CHECK(d.message == "'fte' cannot be given together with 'value'");
            CHECK(d.loc.line == 12);
            CHECK(d.loc.column == 55);
            CHECK(d.path == "contributions[c1]");
            REQUIRE(d.notes.size() == 1);
            CHECK(d.notes[0].loc.column == 44);
        }
        SUBCASE("fte without rate and months") {
            auto c = check(
                kHead + "contributions:\n  - {id: c1, party: acme, kind: personnel, fte: 2.5}\n");
            REQUIRE(c.count(Code::MissingKey) == 2);
            CHECK(c.diags[0].message == "a contribution is missing the key 'rate'");
            CHECK(c.diags[1].message == "a contribution is missing the key 'months'");
            CHECK(c.count(Code::ConflictingKeys) == 0);
        }
        SUBCASE("neither") {
            auto c = check(kHead + "contributions:\n  - {id: c1, party: acme, kind: cash}\n");
            REQUIRE(c.diags.size() == 1);
            CHECK(c.diags[0].code == Code::ConflictingKeys);
            CHECK(c.diags[0].message.find("'value'") != std::string::npos);
            CHECK(c.diags[0].message.find("'fte', 'rate' and 'months'") != std::string::npos);
        }
    }

    TEST_CASE("a waterfall step takes exactly one of recoup, royalty, amount and split") {
        const std::string streams = "economics:\n"
                                    "  shares: {acme: 50%, globex: 50%}\n"
                                    "  streams:\n"
                                    "    - id: sales\n"
                                    "      waterfall:\n";
        SUBCASE("royalty and amount") {
            auto c = check(kHead + streams +
                           "        - id: fee\n"
                           "          to: acme\n"
                           "          royalty: {tiers: [{from: 0, rate: 5%}]}\n"
                           "          amount: \"3% * revenue\"\n"
                           "        - {id: rest, split: shares}\n");
            REQUIRE(c.count(Code::ConflictingKeys) == 1);
            const Diagnostic* d = c.find(Code::ConflictingKeys);
            CHECK(d->message == "'amount' cannot be given together with 'royalty'");
            CHECK(d->loc.line == 19);
            CHECK(d->loc.column == 11);
            CHECK(d->path == "economics.streams[sales].waterfall[fee]");
            REQUIRE(d->notes.size() == 1);
            CHECK(d->notes[0].loc.line == 18);
            CHECK(d->help.find("'recoup', 'royalty', 'amount', or 'split'") != std::string::npos);
        }
        SUBCASE("none of them") {
            auto c = check(kHead + streams +
                           "        - {id: fee, to: acme}\n        - {id: rest, split: shares}\n");
            REQUIRE(c.count(Code::ConflictingKeys) == 1);
            CHECK(c.find(Code::ConflictingKeys)->message.find("a waterfall step needs") == 0);
        }
    }

    TEST_CASE("a charter lists at least two parties") {
        std::string text = kHead;
        text.erase(text.find("  - {id: globex"));
        auto c = check(text);
        REQUIRE(c.diags.size() == 1);
        const Diagnostic& d = c.diags[0];
        CHECK(d.code == Code::TooFewItems);
        CHECK(d.message == "'parties' has 1 entry, at least 2 needed");
        CHECK(d.loc.line == 8);
        CHECK(d.loc.column == 1);
        CHECK(d.path == "parties");
    }

    TEST_CASE("an empty party list is too short, a missing one is missing") {
        std::string text = kHead.substr(0, kHead.find("parties:"));
        auto empty = check(text + "parties: []\n");
        CHECK(empty.count(Code::TooFewItems) == 1);
        CHECK(empty.find(Code::TooFewItems)->message ==
              "'parties' has 0 entries, at least 2 needed");
        auto missing = check(text);
        CHECK(missing.count(Code::MissingKey) == 1);
        CHECK(missing.count(Code::TooFewItems) == 0);
    }

    TEST_CASE("an owner is a party id or a mapping of parties to ratios") {
        auto asset = [](const std::string& owner) {
            return kHead +
                   "ip:\n  assets:\n    - {id: a1, title: Gripper, class: background, type: "
                   "design, owner: " +
                   owner + "}\n";
        };
        CHECK(check(asset("acme")).diags.empty());
        CHECK(check(asset("{acme: 60%, globex: 40%}")).diags.empty());

        auto list = check(asset("[acme, globex]"));
        REQUIRE(list.diags.size() == 1);
        CHECK(list.diags[0].code == Code::WrongType);
        CHECK(list.diags[0].message.find("a party id or a mapping of parties to ratios") !=
              std::string::npos);
        CHECK(list.diags[0].path == "ip.assets[a1].owner");

        auto name = check(asset("Acme Robotics"));
        REQUIRE(name.diags.size() == 1);
        CHECK(name.diags[0].code == Code::BadId);

        auto bad_ratio = check(asset("{acme: 60, globex: 40%}"));
        REQUIRE(bad_ratio.diags.size() == 1);
        CHECK(bad_ratio.diags[0].code == Code::BadRatio);
        CHECK(bad_ratio.diags[0].help == "write 60%");
        CHECK(bad_ratio.diags[0].path == "ip.assets[a1].owner.acme");

        auto bad_key = check(asset("{Acme: 100%}"));
        REQUIRE(bad_key.diags.size() == 1);
        CHECK(bad_key.diags[0].code == Code::BadId);
    }

    TEST_CASE("survives is none, perpetual or a duration") {
        auto license = [](const std::string& survives) {
            return kHead +
                   "ip:\n  licenses:\n"
                   "    - {id: l1, asset: a1, from: acme, to: globex, scope: all, field: all,\n"
                   "       territory: worldwide, exclusive: false, survives: " +
                   survives + "}\n";
        };
        for (std::string ok : {"none", "perpetual", "3y", "0d", "18m"}) {
            CAPTURE(ok);
            CHECK(check(license(ok)).diags.empty());
        }
        auto bad = check(license("forever"));
        REQUIRE(bad.diags.size() == 1);
        CHECK(bad.diags[0].code == Code::BadDuration);
        CHECK(bad.diags[0].message == "expected none, perpetual or a duration, found 'forever'");
        CHECK(bad.diags[0].path == "ip.licenses[l1].survives");
        CHECK(bad.diags[0].loc.line == 14);

        auto negative = check(license("-5d"));
        REQUIRE(negative.diags.size() == 1);
        CHECK(negative.diags[0].code == Code::BadDuration);

        auto mapping = check(license("{years: 3}"));
        REQUIRE(mapping.diags.size() == 1);
        CHECK(mapping.diags[0].code == Code::WrongType);

        // confidentiality has no `none`
        auto none = check(kHead + "confidentiality: {survives: none}\n");
        CHECK(none.diags.size() == 1);
    }

    TEST_CASE("money has at most the currency's minor-unit digits") {
        auto contribution = [](const std::string& currency, const std::string& value) {
            return with_currency(currency) +
                   "contributions:\n  - {id: c1, party: acme, kind: cash, value: " + value + "}\n";
        };
        CHECK(check(contribution("USD", "250000.50")).diags.empty());
        CHECK(check(contribution("USD", "1_500_000")).diags.empty());
        CHECK(check(contribution("JPY", "150_000_000")).diags.empty());
        CHECK(check(contribution("BHD", "1.125")).diags.empty());

        auto yen = check(contribution("JPY", "1.5"));
        REQUIRE(yen.diags.size() == 1);
        CHECK(yen.diags[0].code == Code::MoneyPrecision);
        CHECK(yen.diags[0].message == "1.5 has 1 decimal, but JPY allows none");
        CHECK(yen.diags[0].path == "contributions[c1].value");
        CHECK(yen.diags[0].loc.line == 12);
        CHECK(yen.diags[0].loc.column == 46);
        CHECK(yen.diags[0].loc.end_column == 49);

        auto cents = check(contribution("USD", "1.234"));
        REQUIRE(cents.diags.size() == 1);
        CHECK(cents.diags[0].code == Code::MoneyPrecision);

        // a trailing zero is still a digit the currency does not have
        auto zero = check(contribution("JPY", "100.0"));
        CHECK(zero.count(Code::MoneyPrecision) == 1);
    }

    TEST_CASE("malformed money is bad-money whatever the currency") {
        auto contribution = [](const std::string& value) {
            return kHead + "contributions:\n  - {id: c1, party: acme, kind: cash, value: " + value +
                   "}\n";
        };
        for (std::string bad : {"-5", "1e6", "true", "12 USD", "\"1,000\"", "\"\""}) {
            CAPTURE(bad);
            auto c = check(contribution(bad));
            REQUIRE(c.diags.size() == 1);
            CHECK(c.diags[0].code == Code::BadMoney);
        }
    }

    TEST_CASE("with an unknown currency money is checked without a precision") {
        auto c = check(with_currency("XYZ") +
                       "contributions:\n  - {id: c1, party: acme, kind: cash, value: 1.23456}\n");
        CHECK(c.count(Code::UnknownCurrency) == 1);
        CHECK(c.count(Code::MoneyPrecision) == 0);
        auto lower = check(with_currency("usd"));
        REQUIRE(lower.diags.size() == 1);
        CHECK(lower.diags[0].help == "currency codes are upper-case: did you mean USD?");
    }

    TEST_CASE("the format version is the integer 1") {
        auto version = [](const std::string& v) {
            std::string t = kHead;
            t.replace(0, 10, "charter: " + v);
            return check(t);
        };
        CHECK(version("1").diags.empty());
        for (std::string bad : {"2", "\"1\"", "1.0", "v1"}) {
            CAPTURE(bad);
            auto c = version(bad);
            REQUIRE(c.diags.size() == 1);
            CHECK(c.diags[0].code == Code::UnsupportedVersion);
            CHECK(c.diags[0].loc.line == 1);
            CHECK(c.diags[0].loc.column == 10);
        }
    }

    TEST_CASE("a root that is not a mapping is reported once") {
        auto list = check("- a\n- b\n");
        REQUIRE(list.diags.size() == 1);
        CHECK(list.diags[0].code == Code::RootNotMapping);
        auto scalar = check("words\n");
        REQUIRE(scalar.diags.size() == 1);
        CHECK(scalar.diags[0].code == Code::RootNotMapping);
        CHECK(scalar.diags[0].message == "the top level is 'words', not a mapping");
    }

    TEST_CASE("an empty value and a wrong kind of value are reported at the value") {
        auto c = check(kHead + "renewal:\nmilestones: {id: m1}\n");
        REQUIRE(c.count(Code::EmptyValue) == 1);
        CHECK(c.find(Code::EmptyValue)->loc.line == 11);
        REQUIRE(c.count(Code::WrongType) == 1);
        const Diagnostic* d = c.find(Code::WrongType);
        CHECK(d->message == "expected a list of milestones, found a mapping");
        CHECK(d->loc.line == 12);
        CHECK(d->loc.column == 13);
    }

    TEST_CASE("ids in a list are unique") {
        auto c = check(kHead + "  - {id: acme, name: Acme again}\n");
        REQUIRE(c.diags.size() == 1);
        const Diagnostic& d = c.diags[0];
        CHECK(d.code == Code::DuplicateId);
        CHECK(d.loc.line == 11);
        REQUIRE(d.notes.size() == 1);
        CHECK(d.notes[0].loc.line == 9);
    }

    TEST_CASE("scenario keys depend on each other") {
        auto c = check(kHead + "scenarios:\n"
                               "  - {id: s1, periods: [{period: 2026-Q4, revenue: {sales: 1}}], "
                               "as_of: 2026-12-31, expect: {}}\n");
        CHECK(c.count(Code::DependentKey) == 1);
    }
}
