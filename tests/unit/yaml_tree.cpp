#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "util/source.hpp"

using charter::Code;
using charter::LoadLimits;
using charter::LoadResult;
using charter::Location;
using charter::Node;
using charter::NodeKind;
using charter::ScalarStyle;
using charter::ScalarType;

namespace {

LoadResult load(std::string text, const LoadLimits& limits = {}) {
    return charter::load_yaml(
        std::make_shared<const charter::Source>("t.charter.yaml", std::move(text)), limits);
}

int count(const LoadResult& r, Code code) {
    return static_cast<int>(
        std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                      [code](const charter::Diagnostic& d) { return d.code == code; }));
}

const charter::Diagnostic* find(const LoadResult& r, Code code) {
    for (const auto& d : r.diagnostics) {
        if (d.code == code) {
            return &d;
        }
    }
    return nullptr;
}

/// The text a node's span covers.
std::string_view spanned(const LoadResult& r, const Node& n) {
    return std::string_view(r.tree->source->text()).substr(n.begin, n.end - n.begin);
}

} // namespace

TEST_SUITE("yaml_tree") {
    TEST_CASE(
        "a mapping of scalars, lists, mappings and empty values becomes nodes of those kinds") {
        auto r = load("title: Gripper\nparties: [acme, globex]\nterm: {length: 5y}\nnotes:\n");
        REQUIRE(r.tree);
        CHECK(r.diagnostics.empty());
        const Node* root = r.tree->root;
        REQUIRE(root);
        CHECK(root->is_mapping());
        CHECK_FALSE(root->flow);
        REQUIRE(root->entries.size() == 4);
        CHECK(root->entries[0].key->value == "title");
        CHECK(root->entries[3].key->value == "notes");

        const Node* title = root->get("title");
        REQUIRE(title);
        CHECK(title->is_scalar());
        CHECK(title->value == "Gripper");
        CHECK(title->key == root->entries[0].key);
        CHECK(title->parent == root);

        const Node* parties = root->get("parties");
        REQUIRE(parties);
        CHECK(parties->is_sequence());
        CHECK(parties->flow);
        REQUIRE(parties->items.size() == 2);
        CHECK(parties->items[1]->value == "globex");
        CHECK(parties->items[1]->index == 1);
        CHECK(parties->items[1]->parent == parties);

        const Node* term = root->get("term");
        REQUIRE(term);
        CHECK(term->is_mapping());
        CHECK(term->flow);
        CHECK(term->get("length")->value == "5y");

        const Node* notes = root->get("notes");
        REQUIRE(notes);
        CHECK(notes->is_null());
        CHECK(notes->scalar_type() == ScalarType::Null);

        CHECK(root->get("missing") == nullptr);
        CHECK(root->entry("missing") == nullptr);
        REQUIRE(root->entry("term"));
        CHECK(root->entry("term")->key->value == "term");
    }

    TEST_CASE("positions are 1-based lines and columns counted in code points") {
        // "Zürich–東京" is 9 code points and 16 bytes: a byte count would put
        // `id` seven columns too far right.
        auto r = load("charter: 1\nparties:\n  - {title: Zürich–東京, id: acme}\n");
        REQUIRE(r.tree);
        const Node* party = r.tree->root->get("parties")->items[0];
        const Node* id = party->get("id");
        REQUIRE(id);
        Location at = r.tree->where(*id);
        CHECK(at.line == 3);
        CHECK(at.column == 28);
        CHECK(at.end_line == 3);
        CHECK(at.end_column == 32);

        Location key = r.tree->where_key(*id);
        CHECK(key.line == 3);
        CHECK(key.column == 24);
        CHECK(key.end_column == 26);

        Location version = r.tree->where(*r.tree->root->get("charter"));
        CHECK(version.line == 1);
        CHECK(version.column == 10);
        CHECK(version.end_column == 11);
    }

    TEST_CASE("spans cover a plain value without its comment, a quoted value with its quotes, and "
              "a whole flow collection") {
        auto r = load("id: acme-corp   # the short name\n"
                      "name: \"Acme \\\"Robotics\\\" Inc.\"  # quoted\n"
                      "role: 'it''s ours'\n"
                      "owner: {acme: 60%, globex: [a, b]}  # joint\n"
                      "title: Gripper, second edition\n");
        REQUIRE(r.tree);
        const Node* root = r.tree->root;

        const Node* id = root->get("id");
        CHECK(id->style == ScalarStyle::Plain);
        CHECK(spanned(r, *id) == "acme-corp");

        const Node* name = root->get("name");
        CHECK(name->style == ScalarStyle::Quoted);
        CHECK(name->value == "Acme \"Robotics\" Inc.");
        CHECK(spanned(r, *name) == "\"Acme \\\"Robotics\\\" Inc.\"");

        const Node* role = root->get("role");
        CHECK(role->value == "it's ours");
        CHECK(spanned(r, *role) == "'it''s ours'");

        const Node* owner = root->get("owner");
        CHECK(owner->flow);
        CHECK(spanned(r, *owner) == "{acme: 60%, globex: [a, b]}");
        CHECK(spanned(r, *owner->get("globex")) == "[a, b]");
        CHECK(spanned(r, *owner->get("acme")) == "60%");

        CHECK(spanned(r, *root->get("title")) == "Gripper, second edition");

        Location at = r.tree->where(*owner);
        CHECK(at.line == 4);
        CHECK(at.column == 8);
        CHECK(at.end_line == 4);
        CHECK(at.end_column == 35);
    }

    TEST_CASE("a block scalar is a scalar of block style") {
        auto r = load("notes: |\n  first line\n  second line\n");
        REQUIRE(r.tree);
        const Node* notes = r.tree->root->get("notes");
        CHECK(notes->is_scalar());
        CHECK(notes->style == ScalarStyle::Block);
        CHECK(notes->value == "first line\nsecond line\n");
        CHECK(notes->scalar_type() == ScalarType::String);
    }

    TEST_CASE("charter_path names list items by id, else by index") {
        auto r = load("parties:\n"
                      "  - {id: acme, name: Acme}\n"
                      "  - {name: No id}\n"
                      "economics:\n"
                      "  streams:\n"
                      "    - id: sales\n"
                      "      waterfall:\n"
                      "        - {id: fee, to: {acme: 100%}}\n"
                      "        - [nested, list]\n");
        REQUIRE(r.tree);
        const Node* root = r.tree->root;
        const Node* parties = root->get("parties");
        CHECK(charter::charter_path(root).empty());
        CHECK(charter::charter_path(parties) == "parties");
        CHECK(charter::charter_path(parties->items[0]) == "parties[acme]");
        CHECK(charter::charter_path(parties->items[0]->get("name")) == "parties[acme].name");
        CHECK(charter::charter_path(parties->items[1]->get("name")) == "parties[1].name");

        const Node* waterfall = root->get("economics")->get("streams")->items[0]->get("waterfall");
        CHECK(charter::charter_path(waterfall->items[0]->get("to")->get("acme")) ==
              "economics.streams[sales].waterfall[fee].to.acme");
        CHECK(charter::charter_path(waterfall->items[1]->items[1]) ==
              "economics.streams[sales].waterfall[1][1]");
    }

    TEST_CASE("entries and items keep their order and text past hundreds of open entries") {
        // more entries and items than the builder makes room for at first,
        // while outer collections are still open
        std::string text = "top:\n";
        for (int i = 0; i < 300; ++i) {
            text += "  k" + std::to_string(i) + ":\n";
            text +=
                "    - {id: \"p\\u0041" + std::to_string(i) + "\", n: " + std::to_string(i) + "}\n";
            text += "    - [a, 'b''c']\n";
        }
        text += "list:\n";
        for (int i = 0; i < 300; ++i) {
            text += "  - [" + std::to_string(i) + "]\n";
        }
        text += "last: \"x\\ty\"\n";
        auto r = load(text);
        REQUIRE(r.tree);
        CHECK(r.diagnostics.empty());
        const Node* root = r.tree->root;
        REQUIRE(root->entries.size() == 3);
        CHECK(root->get("last")->value == "x\ty");
        const Node* list = root->get("list");
        REQUIRE(list->items.size() == 300);
        for (std::size_t i = 0; i < list->items.size(); ++i) {
            CAPTURE(i);
            CHECK(list->items[i]->index == static_cast<int>(i));
            REQUIRE(list->items[i]->items.size() == 1);
            CHECK(list->items[i]->items[0]->value == std::to_string(i));
        }
        const Node* top = root->get("top");
        REQUIRE(top->entries.size() == 300);
        for (std::size_t i = 0; i < top->entries.size(); ++i) {
            CAPTURE(i);
            const auto& e = top->entries[i];
            CHECK(e.name == "k" + std::to_string(i));
            CHECK(e.key->value == e.name);
            REQUIRE(e.value->items.size() == 2);
            const Node* item = e.value->items[0];
            CHECK(item->index == 0);
            CHECK(item->get("id")->value == "pA" + std::to_string(i));
            CHECK(item->get("n")->value == std::to_string(i));
            REQUIRE(e.value->items[1]->items.size() == 2);
            CHECK(e.value->items[1]->items[1]->value == "b'c");
            CHECK(e.value->items[1]->items[1]->index == 1);
        }
        CHECK(charter::charter_path(top->entries[299].value->items[0]->get("n")) ==
              "top.k299[pA299].n");
    }

    TEST_CASE("charter_path falls back to the index for an id that is too long or not a scalar") {
        std::string long_id(65, 'a');
        auto r = load("parties:\n  - {id: " + long_id + "}\n  - {id: [x]}\n");
        REQUIRE(r.tree);
        const Node* parties = r.tree->root->get("parties");
        CHECK(charter::charter_path(parties->items[0]) == "parties[0]");
        CHECK(charter::charter_path(parties->items[1]) == "parties[1]");
    }

    TEST_CASE("plain scalars resolve under YAML 1.2's core schema") {
        using charter::resolve_plain;
        for (std::string_view s : {"", "~", "null", "Null", "NULL"}) {
            CAPTURE(s);
            CHECK(resolve_plain(s) == ScalarType::Null);
        }
        for (std::string_view s : {"true", "True", "TRUE", "false", "False", "FALSE"}) {
            CAPTURE(s);
            CHECK(resolve_plain(s) == ScalarType::Bool);
        }
        for (std::string_view s : {"0", "42", "-17", "+3", "0x1f", "0xFF", "0o17"}) {
            CAPTURE(s);
            CHECK(resolve_plain(s) == ScalarType::Int);
        }
        for (std::string_view s : {"1.5", "-0.5", ".5", "1.", "1e6", "2.5E-3", ".inf", "-.Inf",
                                   "+.INF", ".nan", ".NaN"}) {
            CAPTURE(s);
            CHECK(resolve_plain(s) == ScalarType::Float);
        }
        // YAML 1.1 words and forms that 1.2's core schema reads as strings
        for (std::string_view s :
             {"1_000", "1_500_000.50", "2026-01-15", "yes",  "no",  "on",  "off", "y", "n",
              "0b101", "0x",           "0o8",        "60%",  "2/3", "90d", "e6",  ".", "-",
              "1e",    "inf",          "nan",        "0x1g", "acme"}) {
            CAPTURE(s);
            CHECK(resolve_plain(s) == ScalarType::String);
        }
    }

    TEST_CASE("a quoted scalar is a string whatever it looks like") {
        auto r = load("a: \"1\"\nb: 'true'\nc: 1\nd: true\ne: \"\"\nf: ''\ng: null\nh: \"null\"\n");
        REQUIRE(r.tree);
        const Node* root = r.tree->root;
        CHECK(root->get("a")->scalar_type() == ScalarType::String);
        CHECK(root->get("b")->scalar_type() == ScalarType::String);
        CHECK(root->get("c")->scalar_type() == ScalarType::Int);
        CHECK(root->get("d")->scalar_type() == ScalarType::Bool);
        CHECK(root->get("e")->scalar_type() == ScalarType::String);
        CHECK(root->get("f")->scalar_type() == ScalarType::String);
        CHECK(root->get("g")->scalar_type() == ScalarType::Null);
        CHECK(root->get("h")->scalar_type() == ScalarType::String);
        CHECK(root->get("a")->value == "1");
    }

    TEST_CASE("a duplicate key is reported at the later key with a note at the first") {
        auto r =
            load("id: acme\ntitle: One\nparties:\n  - {id: a, name: A, name: B}\ntitle: Two\n");
        REQUIRE(r.tree);
        REQUIRE(count(r, Code::DuplicateKey) == 2);

        const charter::Diagnostic& top = r.diagnostics[0];
        CHECK(top.code == Code::DuplicateKey);
        CHECK(top.message == "duplicate key 'name'");
        CHECK(top.loc.line == 4);
        CHECK(top.loc.column == 22);
        CHECK(top.path == "parties[a]");
        REQUIRE(top.notes.size() == 1);
        CHECK(top.notes[0].message == "first given here");
        CHECK(top.notes[0].loc.line == 4);
        CHECK(top.notes[0].loc.column == 13);

        const charter::Diagnostic& nested = r.diagnostics[1];
        CHECK(nested.message == "duplicate key 'title'");
        CHECK(nested.loc.line == 5);
        CHECK(nested.loc.column == 1);
        CHECK(nested.loc.end_column == 6);
        CHECK(nested.path.empty());
        REQUIRE(nested.notes.size() == 1);
        CHECK(nested.notes[0].loc.line == 2);
        CHECK(nested.notes[0].loc.column == 1);
        CHECK(!nested.help.empty());

        // the duplicate is left out of the tree: later checks see the first one only
        CHECK(r.tree->root->entries.size() == 3);
    }

    TEST_CASE("a duplicate key is found in a large mapping too") {
        std::string text;
        for (int i = 0; i < 40; ++i) {
            text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
        }
        text += "k7: again\nk39: again\n";
        auto r = load(text);
        REQUIRE(r.tree);
        CHECK(count(r, Code::DuplicateKey) == 2);
        const charter::Diagnostic* d = find(r, Code::DuplicateKey);
        REQUIRE(d);
        CHECK(d->message == "duplicate key 'k7'");
        CHECK(d->loc.line == 41);
        REQUIRE(d->notes.size() == 1);
        CHECK(d->notes[0].loc.line == 8);
    }

    TEST_CASE("anchors and aliases are reported, and never expanded") {
        auto r = load("base: &terms {length: 5y}\nterm: *terms\n");
        REQUIRE(r.tree);
        REQUIRE(count(r, Code::AnchorAlias) == 2);
        const charter::Diagnostic& anchor = r.diagnostics[0];
        CHECK(anchor.message == "YAML anchor defined here");
        CHECK(anchor.loc.line == 1);
        CHECK(anchor.loc.column == 7);
        CHECK(anchor.loc.end_column == 13);
        const charter::Diagnostic& alias = r.diagnostics[1];
        CHECK(alias.message == "YAML alias used here");
        CHECK(alias.loc.line == 2);
        CHECK(alias.loc.column == 7);
        CHECK(alias.loc.end_column == 13);
        // the alias is an empty node, not a copy of the anchored mapping
        CHECK(r.tree->root->get("term")->is_null());
        CHECK(r.tree->root->get("base")->is_mapping());
    }

    TEST_CASE("anchor, alias and tag diagnostics carry the node's charter path") {
        auto r = load("base: &terms {length: 5y}\nterm: *terms\nnotes: !custom x\n");
        REQUIRE(r.tree);
        REQUIRE(r.diagnostics.size() == 3);
        CHECK(r.diagnostics[0].path == "base");
        CHECK(r.diagnostics[1].path == "term");
        CHECK(r.diagnostics[2].path == "notes");
    }

    TEST_CASE("an alias bomb costs one node per alias") {
        std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'z'; ++c) {
            char prev = static_cast<char>(c - 1);
            text += std::string(1, c) + ": &" + c + " [";
            for (int i = 0; i < 10; ++i) {
                text += std::string(i ? ", *" : "*") + prev;
            }
            text += "]\n";
        }
        auto r = load(text);
        REQUIRE(r.tree);
        CHECK(r.tree->nodes.size() < 400);
        CHECK(count(r, Code::AnchorAlias) == 26 + 25 * 10);
    }

    TEST_CASE("a merge key is reported at the key") {
        auto r = load("term:\n  <<: {length: 5y}\n  ends: 2031-01-14\n");
        REQUIRE(r.tree);
        REQUIRE(count(r, Code::MergeKey) == 1);
        const charter::Diagnostic* d = find(r, Code::MergeKey);
        CHECK(d->loc.line == 2);
        CHECK(d->loc.column == 3);
        CHECK(d->loc.end_column == 5);
        // a quoted "<<" is an ordinary key
        auto quoted = load("\"<<\": 1\n");
        CHECK(count(quoted, Code::MergeKey) == 0);
    }

    TEST_CASE("core tags are allowed and other tags are rejected") {
        auto ok = load("a: !!str 5\nb: !!int 7\nc: !!map {x: 1}\nd: !!seq [1]\n");
        REQUIRE(ok.tree);
        CHECK(ok.diagnostics.empty());
        CHECK(ok.tree->root->get("a")->value == "5");
        CHECK(ok.tree->root->get("a")->scalar_type() == ScalarType::String);

        auto bad = load("a: !custom x\nb: !!python/object y\n");
        REQUIRE(bad.tree);
        REQUIRE(count(bad, Code::UnsupportedTag) == 2);
        const charter::Diagnostic& d = bad.diagnostics[0];
        CHECK(d.message.find("!custom") != std::string::npos);
        CHECK(d.loc.line == 1);
        CHECK(bad.diagnostics[1].loc.line == 2);
    }

    TEST_CASE("a second document is reported at its '---' and not parsed") {
        auto r = load("id: one\n---\nid: [broken\n");
        REQUIRE(count(r, Code::MultipleDocuments) == 1);
        CHECK(count(r, Code::YamlSyntax) == 0);
        const charter::Diagnostic* d = find(r, Code::MultipleDocuments);
        CHECK(d->loc.line == 2);
        CHECK(d->loc.column == 1);
        CHECK(d->loc.end_column == 4);
        // the first document is still there to check
        REQUIRE(r.tree);
        CHECK(r.tree->root->get("id")->value == "one");
    }

    TEST_CASE("a document start marker before the only document is fine") {
        auto r = load("---\nid: one\n...\n");
        REQUIRE(r.tree);
        CHECK(r.diagnostics.empty());
    }

    TEST_CASE("nesting deeper than the limit stops the load without a crash") {
        LoadLimits limits;
        limits.max_depth = 4;
        auto within = load("a: {b: {c: [x]}}\n", limits);
        REQUIRE(within.tree);
        CHECK(within.diagnostics.empty());

        auto deeper = load("a: {b: {c: [[x]]}}\n", limits);
        CHECK_FALSE(deeper.tree);
        REQUIRE(deeper.diagnostics.size() == 1);
        CHECK(deeper.diagnostics[0].code == Code::NestingTooDeep);
        CHECK(deeper.diagnostics[0].loc.line == 1);
        CHECK(deeper.diagnostics[0].loc.column == 13);

        const std::size_t n = 100000;
        auto flow = load("a: " + std::string(n, '[') + std::string(n, ']') + "\n");
        CHECK_FALSE(flow.tree);
        CHECK(count(flow, Code::NestingTooDeep) == 1);

        std::string block = "a:\n  ";
        for (std::size_t i = 0; i < n; ++i) {
            block += "- ";
        }
        auto deep_block = load(block + "x\n");
        CHECK_FALSE(deep_block.tree);
        CHECK(count(deep_block, Code::NestingTooDeep) == 1);
    }

    TEST_CASE("empty input and comments only hold no document") {
        for (std::string text : {"", "\n\n", "# only a comment\n", "   \n# two\n"}) {
            CAPTURE(text);
            auto r = load(text);
            CHECK_FALSE(r.tree);
            REQUIRE(r.diagnostics.size() == 1);
            CHECK(r.diagnostics[0].code == Code::EmptyFile);
            CHECK(r.diagnostics[0].loc.line == 0);
        }
    }

    TEST_CASE("a root scalar or list loads as such; the schema decides") {
        auto scalar = load("just words\n");
        REQUIRE(scalar.tree);
        CHECK(scalar.diagnostics.empty());
        CHECK(scalar.tree->root->is_scalar());
        CHECK(scalar.tree->root->value == "just words");
        CHECK(charter::charter_path(scalar.tree->root).empty());

        auto list = load("- a\n- b\n");
        REQUIRE(list.tree);
        CHECK(list.tree->root->is_sequence());
        CHECK(list.tree->root->items.size() == 2);
    }

    TEST_CASE("a syntax error is reported at its place") {
        auto r = load("id: acme\nterm: {length: 5y\ncurrency: USD\n");
        CHECK_FALSE(r.tree);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].code == Code::YamlSyntax);
        CHECK(r.diagnostics[0].loc.line == 3);
        CHECK_FALSE(r.diagnostics[0].message.empty());
    }

    // yaml-cpp accepts a quoted scalar that is never closed and runs it to the
    // end of the file; the loader reports it.
    TEST_CASE("a quote that is never closed is a syntax error at the quote") {
        for (std::string text : {"title: \"Small\nid: acme\n", "title: 'Small\nid: acme\n"}) {
            CAPTURE(text);
            auto r = load(text);
            CHECK_FALSE(r.tree);
            REQUIRE(count(r, Code::YamlSyntax) == 1);
            CHECK(r.diagnostics[0].loc.line == 1);
            CHECK(r.diagnostics[0].loc.column == 8);
        }
    }

    TEST_CASE("a complex key is reported") {
        auto r = load("? [a, b]\n: 1\n");
        REQUIRE(r.tree);
        CHECK(count(r, Code::ComplexKey) == 1);
    }

    TEST_CASE("input guards run before parsing") {
        auto bom = load("\xEF\xBB\xBFid: x\n");
        CHECK_FALSE(bom.tree);
        CHECK(count(bom, Code::ByteOrderMark) == 1);

        auto utf16 = load(std::string("\xFF\xFEi\0d\0", 6));
        CHECK_FALSE(utf16.tree);
        CHECK(count(utf16, Code::ByteOrderMark) == 1);

        auto latin1 = load("title: Soci\xE9t\xE9\n");
        CHECK_FALSE(latin1.tree);
        REQUIRE(count(latin1, Code::NotUtf8) == 1);
        CHECK(latin1.diagnostics[0].loc.line == 1);
        CHECK(latin1.diagnostics[0].loc.column == 12);

        auto nul = load(std::string("id: x\n\0\0", 8));
        CHECK_FALSE(nul.tree);
        CHECK(count(nul, Code::BinaryData) == 1);

        // a control byte past the first blocks of a text that is not plain ASCII
        std::string text = "title: Soci\xC3\xA9t\xC3\xA9\n";
        for (int i = 0; i < 10; ++i) {
            text += "notes: a line of plain text to pass over\n";
        }
        text += "name: a\x01b\n";
        auto control = load(text);
        CHECK_FALSE(control.tree);
        REQUIRE(count(control, Code::BinaryData) == 1);
        CHECK(control.diagnostics[0].loc.line == 12);
        CHECK(control.diagnostics[0].loc.column == 8);

        auto tabs = load("term:\n\tlength: 5y\n");
        CHECK_FALSE(tabs.tree);
        REQUIRE(count(tabs, Code::TabIndentation) == 1);
        CHECK(tabs.diagnostics[0].loc.line == 2);
        CHECK(tabs.diagnostics[0].loc.column == 1);

        // a tab inside a value or comment is not indentation
        auto inner = load("title: a\tb  # c\td\n");
        CHECK(inner.tree);
        CHECK(inner.diagnostics.empty());

        LoadLimits small;
        small.max_bytes = 16;
        auto big = load("title: seventeen bytes\n", small);
        CHECK_FALSE(big.tree);
        CHECK(count(big, Code::FileTooLarge) == 1);
    }

    TEST_CASE("what yaml-cpp lets through is a YAML syntax error at its place") {
        struct Case {
            const char* text;
            int line, column;
        };
        const Case cases[] = {
            {"title: \"Lithera\\'s deal\"\n", 1, 16}, // an escape YAML does not have
            {"title: \"Deal\"# draft\n", 1, 14},      // no space before '#'
            {"ids: [a, b]# note\n", 1, 12},           // after a flow collection
            {"ids: [a,# note\n  b]\n", 1, 9},         // after a comma
            {"notes: >#\n  text\n", 1, 9},            // after a block indicator
            {"ids: [a, , b]\n", 1, 10},               // an empty entry
            {"ids: [, a]\n", 1, 7},                   // an empty first entry
            {"ids: [a, -]\n", 1, 10},                 // a plain '-' in brackets
            {"title: \"a long\ntitle\"\n", 2, 1},     // continuation at column 0
            {"ids: [a,\nb]\n", 2, 1},                 // the same in brackets
            {"term:\n  length: 5y\nrenewal\n", 3, 1}, // a word with no ':'
            {"- a\n- b\nkey: c\n", 3, 1},             // a mapping after a list
            {"%YAML 1.2\ntitle: x\n", 1, 1},          // a directive without '---'
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            auto r = load(c.text);
            CHECK_FALSE(r.tree);
            const auto* d = find(r, Code::YamlSyntax);
            REQUIRE(d);
            CHECK(d->loc.line == c.line);
            CHECK(d->loc.column == c.column);
        }
    }

    TEST_CASE("tabs that YAML allows are not indentation") {
        const char* fine[] = {
            "notes: |\n  first\n  \tindented text\n", // in a block scalar's text
            "title: \"a long\n  \ttitle\"\n",         // in a quoted continuation
            "ids: [a,\n  \tb]\n",                     // in a flow collection
            "title:\n \tthe deal\n",                  // before a value, after a space
            "title: \"Lithera's deal\"\n",            // (and a plain apostrophe)
        };
        for (const char* text : fine) {
            CAPTURE(text);
            auto r = load(text);
            CHECK(r.tree);
            CHECK(r.diagnostics.empty());
        }
        auto key = load("term:\n  length: 5y\n  \tends: 2030-01-01\n");
        CHECK_FALSE(key.tree);
        CHECK(count(key, Code::TabIndentation) + count(key, Code::YamlSyntax) >= 1);
        auto value = load("title:\n\tthe deal\n");
        CHECK_FALSE(value.tree);
        CHECK(count(value, Code::TabIndentation) == 1);
    }

    TEST_CASE("several documents are refused as such, stray content as syntax") {
        auto two = load("id: a\n---\nid: b\n");
        CHECK(count(two, Code::MultipleDocuments) == 1);
        auto ended = load("id: a\n...\nid: b\n");
        CHECK(count(ended, Code::MultipleDocuments) == 1);
        auto stray = load("id: a\n... id: b\n");
        CHECK(count(stray, Code::YamlSyntax) == 1);
        CHECK(count(stray, Code::MultipleDocuments) == 0);
    }
}
