#pragma once
// `charter render`: a charter as a document people read. The sections are
// built once, as plain data (headings, paragraphs, lists, tables, figures),
// from the model and what was computed; the HTML and Markdown writers only
// lay that data out and escape every string that came from the charter.
#include <optional>
#include <string>
#include <vector>

#include "compute/exit.hpp"
#include "compute/waterfall.hpp"
#include "diag/diagnostic.hpp"
#include "model/charter.hpp"
#include "util/date.hpp"

namespace charter::render {

struct Table {
    std::vector<std::string> head;
    std::vector<bool> numeric; ///< per column: right-aligned
    std::vector<std::vector<std::string>> rows;
};

/// One piece of a section. Text is plain (unescaped); a figure's `svg` is
/// markup the program drew, with every charter string in it already escaped.
struct Block {
    enum class Kind { Heading, Paragraph, List, Numbered, Table, Figure };
    Kind kind = Kind::Paragraph;
    std::string text;               ///< Heading, Paragraph; Figure: the text alternative
    std::vector<std::string> items; ///< List, Numbered
    Table table;
    std::string svg; ///< Figure (HTML only: Markdown shows the text alternative)
};

struct Section {
    std::string id; ///< the anchor: "summary", "ip", ...
    std::string heading;
    std::vector<Block> blocks;
    bool alert = false; ///< the validation problems: a box at the top
};

struct Document {
    std::string title;
    std::string subtitle;
    std::vector<Section> sections;
};

/// A scenario as run for the document: the run, or why it could not be.
struct ScenarioRun {
    const model::Scenario* scenario = nullptr;
    std::optional<compute::RunResult> run;
    std::string error;
};

/// What a document is made from. Computed parts are empty when the charter
/// has errors (they are not computed then).
struct Inputs {
    const model::Charter* charter = nullptr;
    std::vector<Diagnostic> diagnostics; ///< everything validate found, sorted
    bool computed = false;               ///< scenarios and exits were computed
    std::vector<ScenarioRun> scenarios;
    std::vector<compute::ExitCase> exits;
    std::vector<bool>
        fair_value_needed;   ///< per exit case: its buyout price depends on a fair value
    std::string exits_error; ///< why the exit matrix is missing (too many cases)
    Date on{};               ///< the date the exit matrix and "overdue" are seen from
};

/// The document's sections, in the order a reader wants them.
Document build_document(const Inputs& in);

/// A self-contained HTML5 page: inline CSS and SVG, no script, nothing fetched.
std::string write_html(const Document& doc);
/// The same sections and tables as Markdown; figures as their text alternative.
std::string write_markdown(const Document& doc);

/// Escapes text for HTML and XML content and attribute values.
std::string escape_xml(std::string_view text);
/// Escapes text for one line of Markdown (also inside a table cell).
std::string escape_markdown(std::string_view text);

/// Money with thousands separators, in whole minor units: "1,500,000.00".
std::string grouped_money(const model::Charter& c, const num::Rational& x);

/// One waterfall step's payments over a whole run: what it paid and to whom
/// (`to` in charter party order).
struct Flow {
    std::string stream, step;
    num::Rational paid;
    std::vector<num::Rational> to;
};
/// Every step of every stream, in charter order, summed over the run's periods.
std::vector<Flow> money_flows(const model::Charter& c, const compute::RunResult& run);

/// One waterfall step in words: "electrolyte-royalty: royalty 4% up to 25,000,000.00 then 3% ...".
std::string step_words(const model::Charter& c, const model::Step& step);

/// The pictures, as inline SVG (empty when there is nothing to draw).
std::string timeline_svg(const model::Charter& c, const Date& on);
std::string money_flow_svg(const model::Charter& c, const ScenarioRun& s);
std::string ownership_svg(const model::Charter& c);

} // namespace charter::render
