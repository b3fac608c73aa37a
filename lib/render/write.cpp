// The HTML and Markdown writers of a render Document, and their escaping.
#include <string>

#include "num/number.hpp"
#include "render/document.hpp"

namespace charter::render {

namespace {

// A print stylesheet too: each section starts a page, rows and figures are
// never cut, table heads repeat on every page.
constexpr const char* kStyle = R"(
:root { color-scheme: light; }
body { font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a;
  background: #fff; max-width: 64rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
p.subtitle { color: #444; margin-top: 0; }
p, li, td, th, h1, h2, h3, figcaption { unicode-bidi: plaintext; overflow-wrap: break-word; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #888; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #444; }
section.alert { border: 3px solid #b00020; padding: 0.2rem 1rem 0.6rem; margin-top: 1rem; }
section.alert h2 { border: none; color: #b00020; margin-top: 0.6rem; }
nav ol { columns: 2; font-size: 0.9rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  section { break-before: page; }
  section.alert, nav + section { break-before: auto; }
  tr, figure, h2, h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  nav { display: none; }
}
)";

void html_table(std::string& out, const Table& t) {
    auto cls = [&](std::size_t i) {
        return i < t.numeric.size() && t.numeric[i] ? std::string(" class=\"num\"") : std::string();
    };
    out += "<table>\n<thead><tr>";
    for (std::size_t i = 0; i < t.head.size(); ++i) {
        out += "<th" + cls(i) + ">" + escape_xml(t.head[i]) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += "<td" + cls(i) + ">" + escape_xml(row[i]) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

void html_block(std::string& out, const Block& b) {
    switch (b.kind) {
    case Block::Kind::Heading:
        out += "<h3>" + escape_xml(b.text) + "</h3>\n";
        break;
    case Block::Kind::Paragraph:
        out += "<p>" + escape_xml(b.text) + "</p>\n";
        break;
    case Block::Kind::List:
    case Block::Kind::Numbered: {
        const char* tag = b.kind == Block::Kind::List ? "ul" : "ol";
        out += std::string("<") + tag + ">\n";
        for (const auto& item : b.items) {
            out += "<li>" + escape_xml(item) + "</li>\n";
        }
        out += std::string("</") + tag + ">\n";
        break;
    }
    case Block::Kind::Table:
        html_table(out, b.table);
        break;
    case Block::Kind::Figure:
        out += "<figure>\n" + b.svg + "<figcaption>" + escape_xml(b.text) +
               "</figcaption>\n</figure>\n";
        break;
    }
}

/// One line of Markdown text: newlines and tabs become spaces.
std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        out += (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
    }
    return out;
}

void markdown_table(std::string& out, const Table& t) {
    out += "|";
    for (const auto& h : t.head) {
        out += " " + escape_markdown(h) + " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < t.head.size(); ++i) {
        out += (i < t.numeric.size() && t.numeric[i]) ? "---:|" : "---|";
    }
    out += "\n";
    for (const auto& row : t.rows) {
        out += "|";
        for (const auto& cell : row) {
            out += " " + escape_markdown(cell) + " |";
        }
        out += "\n";
    }
    out += "\n";
}

void markdown_block(std::string& out, const Block& b) {
    switch (b.kind) {
    case Block::Kind::Heading:
        out += "### " + escape_markdown(b.text) + "\n\n";
        break;
    case Block::Kind::Paragraph:
        out += escape_markdown(b.text) + "\n\n";
        break;
    case Block::Kind::List:
    case Block::Kind::Numbered: {
        int n = 0;
        for (const auto& item : b.items) {
            out += (b.kind == Block::Kind::List ? std::string("- ") : std::to_string(++n) + ". ") +
                   escape_markdown(item) + "\n";
        }
        out += "\n";
        break;
    }
    case Block::Kind::Table:
        markdown_table(out, b.table);
        break;
    case Block::Kind::Figure:
        out += "*Figure: " + escape_markdown(b.text) + "*\n\n";
        break;
    }
}

} // namespace

namespace {

/// Appends the entity of '&', '<' or '>' and says so; any other character is left to the caller.
bool append_entity(std::string& out, char ch) {
    switch (ch) {
    case '&':
        out += "&amp;";
        return true;
    case '<':
        out += "&lt;";
        return true;
    case '>':
        out += "&gt;";
        return true;
    default:
        return false;
    }
}

} // namespace

std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text) {
        if (append_entity(out, ch)) {
            continue;
        }
        if (ch == '"') {
            out += "&quot;";
        } else if (ch == '\'') {
            out += "&#39;";
        } else if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t') {
            out += ' '; // control characters other than tab and newline are not allowed in XML
        } else {
            out += ch;
        }
    }
    return out;
}

std::string escape_markdown(std::string_view text) {
    // inline markup and HTML; '<', '>' and '&' as entities, the rest with a backslash
    static constexpr std::string_view kMarkup = "\\`*_[]|#~!";
    std::string out;
    std::string line = one_line(text);
    out.reserve(line.size() + line.size() / 8);
    for (char ch : line) {
        if (append_entity(out, ch)) {
            continue;
        }
        if (kMarkup.find(ch) != std::string_view::npos) {
            out += '\\';
        }
        out += ch;
    }
    return out;
}

std::string grouped_money(const model::Charter& c, const num::Rational& x) {
    return num::group_thousands(
        num::format_money(num::round_to(x, c.minor_digits, c.rounding), c.minor_digits));
}

std::string write_html(const Document& doc) {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // nothing is fetched and nothing runs, whatever the charter says
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + escape_xml(doc.title) + "</title>\n<style>" + kStyle + "</style>\n";
    out += "</head>\n<body>\n<header>\n<h1>" + escape_xml(doc.title) + "</h1>\n";
    out += "<p class=\"subtitle\">" + escape_xml(doc.subtitle) + "</p>\n</header>\n";
    out += "<nav aria-label=\"Contents\">\n<ol>\n";
    for (const auto& s : doc.sections) {
        out += "<li><a href=\"#" + s.id + "\">" + escape_xml(s.heading) + "</a></li>\n";
    }
    out += "</ol>\n</nav>\n";
    for (const auto& s : doc.sections) {
        out += "<section id=\"" + s.id + "\"" + (s.alert ? " class=\"alert\" role=\"alert\"" : "") +
               ">\n<h2>" + escape_xml(s.heading) + "</h2>\n";
        for (const auto& b : s.blocks) {
            html_block(out, b);
        }
        out += "</section>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

std::string write_markdown(const Document& doc) {
    std::string out =
        "# " + escape_markdown(doc.title) + "\n\n" + escape_markdown(doc.subtitle) + "\n\n";
    for (const auto& s : doc.sections) {
        if (!s.alert) {
            out += "## " + escape_markdown(s.heading) + "\n\n";
            for (const auto& b : s.blocks) {
                markdown_block(out, b);
            }
            continue;
        }
        // a box: the section as a block quote, every line of it quoted
        std::string box = "**" + escape_markdown(s.heading) + "**\n\n";
        for (const auto& b : s.blocks) {
            markdown_block(box, b);
        }
        while (box.size() > 1 && box.ends_with("\n\n")) {
            box.pop_back();
        }
        std::size_t start = 0;
        while (start < box.size()) {
            std::size_t end = box.find('\n', start);
            std::string_view l(box.data() + start, end - start);
            out += l.empty() ? std::string(">\n") : "> " + std::string(l) + "\n";
            start = end + 1;
        }
        out += "\n";
    }
    while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
        out.pop_back();
    }
    return out;
}

} // namespace charter::render
