// Compiler-style text: header, the source line, carets under the span, notes, help.
#include <algorithm>
#include <climits>
#include <iterator>
#include <optional>

#include <fmt/color.h>
#include <fmt/format.h>

#include "report/detail.hpp"
#include "report/report.hpp"
#include "util/source.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace charter::report {

namespace {

/// Code points of source shown around the span on a long line.
constexpr int kWindow = 120;
/// The gutter is at least as wide as in the example of charter-validate(1) ("   57 |").
constexpr std::size_t kMinGutter = 5;

// --- Source line rendering -------------------------------------------------

bool is_continuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

/// Decodes one unit (a lead byte and its continuation bytes, the same
/// grouping Source::column_of counts); nullopt when it is not valid UTF-8.
std::optional<char32_t> decode(std::string_view unit) {
    auto b0 = static_cast<unsigned char>(unit[0]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
        return unit.size() == 1 ? std::optional<char32_t>(b0) : std::nullopt;
    }
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return std::nullopt;
    }
    if (unit.size() != len) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < len; ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(unit[i]) & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    return cp;
}

/// Characters that would move the cursor, change colours or reorder the
/// terminal's display (C0/C1 controls, line separators, bidi overrides).
bool is_unsafe(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

/// Appends one unit as it is shown and returns its width in columns.
int append_shown(std::string& out, std::string_view unit) {
    auto cp = decode(unit);
    if (cp && *cp == '\t') {
        // Tabs expand to the terminal's tab stops, which carets cannot follow.
        out += ' ';
        return 1;
    }
    if (!cp || is_unsafe(*cp)) {
        out += kReplacement;
        return 1;
    }
    out += unit;
    return utf8::display_width(*cp);
}

/// The source line as shown, and where the carets go, in terminal columns.
struct Snippet {
    std::string text;
    int pad = 0;
    int carets = 1;
};

/// Renders `line` with the span of code points [c0, c1) (0-based) marked;
/// a line longer than kWindow code points is cut to a window around the span.
Snippet make_snippet(std::string_view line, int c0, int c1) {
    int count = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (i == 0 || !is_continuation(static_cast<unsigned char>(line[i]))) {
            ++count;
        }
    }
    c0 = std::clamp(c0, 0, count);
    c1 = std::clamp(c1, c0, count);

    int first = 0;
    int last = count;
    if (count > kWindow) {
        int len = c1 - c0;
        int margin = len >= kWindow - 20 ? 10 : (kWindow - len) / 2;
        first = std::max(0, c0 - margin);
        last = std::min(count, first + kWindow);
        first = std::max(0, last - kWindow);
    }

    Snippet s;
    s.carets = 0;
    if (first > 0) {
        s.text += "...";
        s.pad = 3;
    }
    int index = 0;
    std::size_t i = 0;
    while (i < line.size() && index < last) {
        std::size_t j = i + 1;
        while (j < line.size() && is_continuation(static_cast<unsigned char>(line[j]))) {
            ++j;
        }
        if (index >= first) {
            int width = append_shown(s.text, line.substr(i, j - i));
            if (index < c0) {
                s.pad += width;
            } else if (index < c1) {
                s.carets += width;
            }
        }
        ++index;
        i = j;
    }
    if (last < count) {
        s.text += "...";
    }
    s.carets = std::max(1, s.carets);
    return s;
}

// --- Blocks ------------------------------------------------------------------

class Painter {
  public:
    explicit Painter(bool color) : m_color(color) {}

    std::string operator()(const fmt::text_style& style, std::string_view text) const {
        if (!m_color || text.empty()) {
            return std::string(text);
        }
        return fmt::format(style, "{}", text);
    }

  private:
    bool m_color;
};

fmt::text_style severity_style(Severity s) {
    switch (s) {
    case Severity::Error:
        return fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red);
    case Severity::Warning:
        return fmt::emphasis::bold | fmt::fg(fmt::terminal_color::yellow);
    case Severity::Note:
        return fmt::emphasis::bold | fmt::fg(fmt::terminal_color::green);
    }
    return fmt::emphasis::bold;
}

const fmt::text_style kBold = fmt::emphasis::bold;
const fmt::text_style kGutter = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::blue);
const fmt::text_style kHelp = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::cyan);

void write_snippet(std::ostream& out, const Source& source, const Location& loc,
                   const fmt::text_style& style, const Painter& paint) {
    // A multi-line span is underlined from its start to the end of its first line.
    int end = loc.end_line == loc.line ? loc.end_column - 1 : INT_MAX;
    Snippet s = make_snippet(source.line(loc.line), loc.column - 1, end);

    std::string number = std::to_string(loc.line);
    std::size_t width = std::max(kMinGutter, number.size());
    out << paint(kGutter, fmt::format("{:>{}} |", number, width));
    if (!s.text.empty()) {
        out << ' ' << s.text;
    }
    out << '\n';
    out << paint(kGutter, fmt::format("{:>{}} |", "", width)) << ' '
        << std::string(static_cast<std::size_t>(s.pad), ' ')
        << paint(style, std::string(static_cast<std::size_t>(s.carets), '^')) << '\n';
}

/// One diagnostic; `name` is the file's name as shown (no control characters).
void write_block(std::ostream& out, const FileReport& file, const std::string& name,
                 const Diagnostic& d, const Painter& paint) {
    Location loc = detail::normalized(d.loc);
    fmt::text_style style = severity_style(d.severity);

    std::string where =
        loc.line > 0 ? fmt::format("{}:{}:{}:", name, loc.line, loc.column) : name + ":";
    std::string label = fmt::format("{}[{}]", severity_name(d.severity), code_info(d.code).code);
    out << paint(kBold, where) << ' ' << paint(style, label) << ": " << paint(kBold, d.message)
        << '\n';

    if (loc.line > 0 && file.source && loc.line <= file.source->line_count()) {
        write_snippet(out, *file.source, loc, style, paint);
    }
    for (const auto& note : d.notes) {
        out << "   " << paint(kBold, "= note") << ": ";
        Location at = detail::normalized(note.loc);
        if (at.line > 0) {
            out << fmt::format("{}:{}:{}: ", name, at.line, at.column);
        }
        out << note.message << '\n';
    }
    if (!d.help.empty()) {
        out << "   " << paint(kHelp, "= help") << ": " << d.help << '\n';
    }
}

class TextWriter : public Writer {
  public:
    TextWriter(std::ostream& out, const Options& opts)
        : m_out(out), m_paint(opts.color), m_quiet(opts.quiet) {}

    void file(const FileReport& file) override {
        m_totals.add(file);
        if (file.diagnostics.empty()) {
            return;
        }
        std::string name = text::shown_name(file.path);
        for (const auto& d : file.diagnostics) {
            if (!m_first) {
                m_out << '\n';
            }
            m_first = false;
            write_block(m_out, file, name, d, m_paint);
        }
    }

    void finish() override {
        if (m_quiet) {
            return;
        }
        if (!m_first) {
            m_out << '\n';
        }
        m_out << m_totals.summary_line() << '\n';
    }

  private:
    std::ostream& m_out;
    Painter m_paint;
    bool m_quiet;
    bool m_first = true;
};

} // namespace

std::unique_ptr<Writer> text_writer(std::ostream& out, const Options& opts) {
    return std::make_unique<TextWriter>(out, opts);
}

void write_text(std::ostream& out, const std::vector<FileReport>& files, const Options& opts) {
    write_files(*text_writer(out, opts), files);
}

} // namespace charter::report
