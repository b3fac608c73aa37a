// render: escaping, money grouping, steps in words, and the public
// render_document / init_charter entry points.
#include <doctest/doctest.h>

#include <string>

#include "api/internal.hpp"
#include "charter/init.hpp"
#include "charter/load.hpp"
#include "charter/render.hpp"
#include "render/document.hpp"

namespace {

const char* kCharter = R"(charter: 1
id: doc
title: "A <b>bold</b> & 'quoted' title"
kind: joint-development
effective: 2026-01-01
term: {length: 3y}
currency: USD
parties:
  - {id: a, name: A}
  - {id: b, name: B}
economics:
  shares: {a: 60%, b: 40%}
  streams:
    - id: s
      waterfall:
        - id: roy
          to: a
          royalty:
            cumulative: true
            tiers: [{from: 0, rate: 5%}, {from: 1_000_000, rate: 7%}]
          cap: {period: 400_000}
        - {id: rest, split: shares}
exit:
  triggers:
    - {id: t, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
scenarios:
  - {id: one, revenue: {s: 2_000_000}, expect: {a: 1_248_000, b: 752_000}}
)";

charter::RenderOptions options(charter::RenderFormat f) {
    charter::RenderOptions o;
    o.format = f;
    o.on = "2027-01-01";
    return o;
}

} // namespace

TEST_SUITE("render") {
    TEST_CASE("text from a charter is escaped for HTML, SVG and Markdown") {
        CHECK(charter::render::escape_xml("<script>&\"'</svg>") ==
              "&lt;script&gt;&amp;&quot;&#39;&lt;/svg&gt;");
        CHECK(charter::render::escape_xml(std::string("a\x01z")) == "a z");
        CHECK(charter::render::escape_markdown("a|b *c* <i>\nnext") ==
              "a\\|b \\*c\\* &lt;i&gt; next");
    }

    TEST_CASE("money is grouped by thousands in whole minor units, exactly") {
        auto c = charter::load(kCharter, "doc.charter.yaml");
        REQUIRE(c);
        const auto& m = charter::api::model_of(*c);
        CHECK(charter::render::grouped_money(m, charter::num::Rational(1234567)) == "1,234,567.00");
        CHECK(charter::render::grouped_money(m, charter::num::Rational(-1000)) == "-1,000.00");
        CHECK(charter::render::grouped_money(m, charter::num::Rational(999, 100)) == "9.99");
        CHECK(charter::render::grouped_money(m, charter::num::Rational(0)) == "0.00");
    }

    TEST_CASE("a royalty step reads as its tiers, recipient and cap") {
        auto c = charter::load(kCharter, "doc.charter.yaml");
        REQUIRE(c);
        const auto& m = charter::api::model_of(*c);
        CHECK(charter::render::step_words(m, m.economics->streams[0].waterfall[0]) ==
              "roy: royalty 5% up to 1,000,000.00 then 7% of revenue, to a, tiers counted over "
              "the whole run (cumulative); at most 400,000.00 a period");
        CHECK(charter::render::step_words(m, m.economics->streams[0].waterfall[1]) ==
              "rest: the rest is split by the shares");
    }

    TEST_CASE("the same charter renders to the same bytes, with its title escaped") {
        auto one = charter::render_document(kCharter, "doc", options(charter::RenderFormat::Html));
        auto two = charter::render_document(kCharter, "doc", options(charter::RenderFormat::Html));
        REQUIRE(one);
        REQUIRE(two);
        CHECK(one->document == two->document);
        CHECK(one->errors == 0);
        CHECK(one->document.find("<b>bold</b>") == std::string::npos);
        CHECK(one->document.find("A &lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39; title") !=
              std::string::npos);
        CHECK(one->document.find("<script") == std::string::npos);
        auto md =
            charter::render_document(kCharter, "doc", options(charter::RenderFormat::Markdown));
        REQUIRE(md);
        CHECK(md->document.find("| a | 1,248,000.00 | 1,248,000.00 | matches |") !=
              std::string::npos);
    }

    TEST_CASE("a charter with errors is rendered with its problems and nothing computed") {
        std::string text = kCharter;
        text.replace(text.find("{a: 60%, b: 40%}"), 16, "{a: 60%, b: 30%}");
        auto r = charter::render_document(text, "doc", options(charter::RenderFormat::Markdown));
        REQUIRE(r);
        CHECK(r->errors == 1);
        CHECK(r->document.find("error C0201") != std::string::npos);
        CHECK(r->document.find("Not computed: the charter has errors.") != std::string::npos);
    }

    TEST_CASE("a scenario that differs from its expect is computed and shown as differing") {
        std::string text = kCharter;
        text.replace(text.find("b: 752_000"), 10, "b: 752_001");
        auto r = charter::render_document(text, "doc", options(charter::RenderFormat::Markdown));
        REQUIRE(r);
        CHECK(r->errors == 1);
        CHECK(r->computed);
        CHECK(r->document.find("| b | 752,000.00 | 752,001.00 | DIFFERS by -1.00 |") !=
              std::string::npos);
    }

    TEST_CASE("bad requests and texts are errors, not documents") {
        auto o = options(charter::RenderFormat::Html);
        o.on = "2027-13-01";
        auto bad_date = charter::render_document(kCharter, "doc", o);
        REQUIRE_FALSE(bad_date);
        CHECK(bad_date.error().kind == charter::ErrorKind::Request);
        auto not_yaml =
            charter::render_document("a: [", "doc", options(charter::RenderFormat::Html));
        REQUIRE_FALSE(not_yaml);
        CHECK(not_yaml.error().kind == charter::ErrorKind::NotYaml);
    }

    TEST_CASE("init writes a charter whose scenario holds, for every kind") {
        for (const auto& kind : charter::init_kinds()) {
            charter::InitOptions o;
            o.kind = kind;
            o.effective = "2027-01-01";
            o.parties = {"x", "y", "z"};
            auto text = charter::init_charter(o);
            REQUIRE(text);
            auto v = charter::validate(*text, kind);
            CHECK_MESSAGE(v.passed(true), kind);
        }
    }

    TEST_CASE("init refuses what cannot make a charter") {
        charter::InitOptions o;
        o.effective = "2027-01-01";
        o.parties = {"a"};
        CHECK_FALSE(charter::init_charter(o));
        o.parties = {"a", "a"};
        CHECK_FALSE(charter::init_charter(o));
        o.parties = {"a", "leaver"};
        CHECK_FALSE(charter::init_charter(o));
        o.parties = {};
        o.currency = "ABC";
        CHECK_FALSE(charter::init_charter(o));
        o.currency = "USD";
        o.kind = "merger";
        CHECK_FALSE(charter::init_charter(o));
    }
}
