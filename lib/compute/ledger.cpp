#include "compute/ledger.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "compute/scenario.hpp"
#include "util/text.hpp"

namespace charter::compute {

namespace {

// GCC's 128-bit integer: sums of minor units that cannot overflow in practice.
__extension__ typedef __int128 Int128;

/// RFC 4180 records from a stream, one at a time, with the line each starts on.
class CsvReader {
  public:
    /// Longer rows are refused: no ledger row needs more.
    static constexpr std::size_t kMaxRecordBytes = 64 * 1024;

    explicit CsvReader(std::istream& in) : m_in(in), m_buf(1 << 16) {}

    /// Next record into `fields`; false at the end. `error` is set for a
    /// malformed record (an unclosed quote, a quote inside an unquoted field).
    bool next(std::vector<std::string>& fields, std::string& error) {
        fields.clear();
        error.clear();
        if (!fill()) {
            return false;
        }
        m_record_line = m_line;
        std::string field;
        bool quoted = false, was_quoted = false;
        for (std::size_t taken = 0;; ++taken) {
            if (taken > kMaxRecordBytes) {
                // a row that never ends (/dev/zero) must not take all memory
                error = fmt::format("the row is longer than {} bytes", kMaxRecordBytes);
                return true;
            }
            if (!fill()) {
                if (quoted) {
                    error = "a quoted field is not closed before the end of the file";
                    return true;
                }
                fields.push_back(std::move(field));
                return true;
            }
            char c = m_buf[m_pos++];
            if (quoted) {
                if (c == '"') {
                    if (fill() && m_buf[m_pos] == '"') {
                        ++m_pos;
                        field += '"';
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        ++m_line;
                    }
                    field += c;
                }
                continue;
            }
            if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
                was_quoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && fill() && m_buf[m_pos] == '\n') {
                    ++m_pos;
                }
                ++m_line;
                fields.push_back(std::move(field));
                return true;
            } else if (c == '"') {
                if (!field.empty() || was_quoted) {
                    error = "a quote inside an unquoted field (quote the whole field and double "
                            "the quote)";
                }
                quoted = was_quoted = true;
            } else {
                field += c;
            }
        }
    }

    int record_line() const { return m_record_line; }

  private:
    bool fill() {
        if (m_pos < m_len) {
            return true;
        }
        m_in.read(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
        m_len = static_cast<std::size_t>(m_in.gcount());
        m_pos = 0;
        return m_len > 0;
    }

    std::istream& m_in;
    std::vector<char> m_buf;
    std::size_t m_pos = 0, m_len = 0;
    int m_line = 1;
    int m_record_line = 1;
};

std::string trim(std::string s) {
    auto ws = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && ws(s.back())) {
        s.pop_back();
    }
    std::size_t b = 0;
    while (b < s.size() && ws(s[b])) {
        ++b;
    }
    return s.substr(b);
}

/// A signed decimal amount: "-1234.5", "1_000.25". Returns false when malformed.
struct ParsedAmount {
    bool negative = false;
    std::string digits; ///< integer part and fraction part, no separators
    int decimals = 0;
};

bool parse_amount(const std::string& s, ParsedAmount& out, std::string& why) {
    std::size_t i = 0;
    out = ParsedAmount{};
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        out.negative = s[i] == '-';
        ++i;
    }
    bool any = false, dot = false, prev_digit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            out.digits += c;
            if (dot) {
                ++out.decimals;
            }
            any = prev_digit = true;
        } else if (c == '_' && prev_digit && i + 1 < s.size() && s[i + 1] >= '0' &&
                   s[i + 1] <= '9') {
            prev_digit = false;
        } else if (c == '.' && !dot && prev_digit && i + 1 < s.size()) {
            dot = true;
            prev_digit = false;
        } else {
            why = c == ',' ? "thousands separators are not allowed (write 1500000.00)"
                           : "write digits with an optional '-' and '.'";
            return false;
        }
    }
    if (!any) {
        why = "the amount is empty";
        return false;
    }
    if (out.digits.size() > 30) {
        why = "the amount has more than 30 digits";
        return false;
    }
    return true;
}

struct Key {
    std::size_t period; // index into periods
    std::size_t stream; // index into streams
    bool operator<(const Key& o) const {
        return period != o.period ? period < o.period : stream < o.stream;
    }
};

struct Sum {
    Int128 units = 0; // whole minor units: enough for 10^38
    int first_line = 0;
};

} // namespace

Expected<std::vector<PeriodInput>, LedgerError>
read_ledger(std::istream& in, const std::string& name, const model::Charter& charter) {
    auto fail = [&](int line, std::string message, std::string help = {}) {
        return unexpected(
            LedgerError{fmt::format("{}:{}: {}", name, line, message), std::move(help), line});
    };
    CsvReader csv(in);
    std::vector<std::string> fields;
    std::string error;
    if (!csv.next(fields, error)) {
        return fail(1, "the ledger is empty",
                    "the first line is a header such as `period,stream,amount`");
    }
    if (!error.empty()) {
        return fail(1, error, "the first line is a header such as `period,stream,amount`");
    }
    if (!fields.empty() && fields[0].compare(0, 3, "\xEF\xBB\xBF") == 0) {
        fields[0].erase(0, 3); // a byte-order mark, as spreadsheets write
    }
    int col_period = -1, col_stream = -1, col_amount = -1;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string h = trim(fields[i]);
        int idx = static_cast<int>(i);
        if (h == "period")
            col_period = idx;
        if (h == "stream")
            col_stream = idx;
        if (h == "amount")
            col_amount = idx;
    }
    std::vector<std::string_view> missing;
    if (col_period < 0)
        missing.push_back("period");
    if (col_stream < 0)
        missing.push_back("stream");
    if (col_amount < 0)
        missing.push_back("amount");
    if (!missing.empty()) {
        return fail(1, fmt::format("the header has no {} column", text::join_words(missing)),
                    "the first line names the columns; it needs period, stream and amount (others "
                    "are ignored)");
    }
    const int digits = charter.minor_digits;
    std::vector<std::string> stream_ids;
    if (charter.economics) {
        for (const auto& s : charter.economics->streams) {
            stream_ids.push_back(s.id);
        }
    }
    std::vector<Period> periods;
    std::unordered_map<std::string, std::size_t> period_index;
    std::map<Key, Sum> sums;
    int first_line = 0;
    const std::size_t need =
        static_cast<std::size_t>(std::max({col_period, col_stream, col_amount})) + 1;
    ParsedAmount amount;
    std::string why;
    while (csv.next(fields, error)) {
        int line = csv.record_line();
        if (!error.empty()) {
            return fail(line, error);
        }
        if (fields.size() == 1 && trim(fields[0]).empty()) {
            continue; // a blank line
        }
        if (fields.size() < need) {
            return fail(line, fmt::format("the row has {} fields, but the header has {}",
                                          fields.size(), need));
        }
        std::string period_text = trim(fields[static_cast<std::size_t>(col_period)]);
        auto pit = period_index.find(period_text);
        if (pit == period_index.end()) {
            auto p = parse_period(period_text);
            if (!p) {
                return fail(line, p.error().message, p.error().help);
            }
            if (!periods.empty() && p->granularity != periods.front().granularity) {
                return fail(
                    line,
                    fmt::format(
                        "period {} is a {}, but the ledger's first period ({}, line {}) is a {}",
                        p->label, granularity_name(p->granularity), periods.front().label,
                        first_line, granularity_name(periods.front().granularity)),
                    "one ledger uses one granularity");
            }
            if (periods.empty()) {
                first_line = line;
            }
            pit = period_index.emplace(period_text, periods.size()).first;
            periods.push_back(*p);
        }
        std::string stream = trim(fields[static_cast<std::size_t>(col_stream)]);
        auto sit = std::find(stream_ids.begin(), stream_ids.end(), stream);
        if (sit == stream_ids.end()) {
            std::vector<std::string_view> known(stream_ids.begin(), stream_ids.end());
            std::string_view close = text::suggest(stream, known);
            return fail(line, fmt::format("unknown stream '{}'", text::shown(stream)),
                        close.empty()
                            ? fmt::format("the charter's streams are {}", text::join_words(known))
                            : fmt::format("did you mean '{}'?", close));
        }
        if (!parse_amount(trim(fields[static_cast<std::size_t>(col_amount)]), amount, why)) {
            return fail(line, fmt::format("'{}' is not an amount: {}",
                                          text::shown(fields[static_cast<std::size_t>(col_amount)]),
                                          why));
        }
        if (amount.decimals > digits) {
            return fail(line, fmt::format("{} has {} decimals, but {} allows {}",
                                          trim(fields[static_cast<std::size_t>(col_amount)]),
                                          amount.decimals, charter.currency, digits));
        }
        Int128 units = 0;
        for (char c : amount.digits) {
            units = units * 10 + (c - '0');
        }
        for (int k = amount.decimals; k < digits; ++k) {
            units *= 10;
        }
        Key key{pit->second, static_cast<std::size_t>(sit - stream_ids.begin())};
        Sum& s = sums[key];
        if (s.first_line == 0) {
            s.first_line = line;
        }
        s.units += amount.negative ? -units : units;
        constexpr Int128 kLimit = static_cast<Int128>(1) << 120;
        if (s.units > kLimit || s.units < -kLimit) {
            return fail(
                line,
                "the amounts of this period and stream add up to more than the ledger can hold");
        }
    }
    std::vector<PeriodInput> out(periods.size());
    for (std::size_t i = 0; i < periods.size(); ++i) {
        out[i].period = periods[i];
        out[i].as_of = periods[i].last;
    }
    for (const auto& [key, s] : sums) {
        if (s.units < 0) {
            return fail(
                s.first_line,
                fmt::format("the amounts of stream '{}' in period {} add up to a negative total",
                            stream_ids[key.stream], periods[key.period].label),
                "a period's revenue cannot be negative: check refunds and credit notes");
        }
        // __int128 -> decimal text -> exact rational
        Int128 u = s.units;
        std::string text;
        do {
            text += static_cast<char>('0' + static_cast<int>(u % 10));
            u /= 10;
        } while (u > 0);
        std::reverse(text.begin(), text.end());
        num::Rational value(num::Integer(text), num::pow10(digits));
        value.canonicalize();
        out[key.period].revenue.push_back(StreamRevenue{stream_ids[key.stream], value});
    }
    auto ordered = order_periods(std::move(out));
    if (!ordered) {
        return fail(0, ordered.error().message, ordered.error().help);
    }
    return std::move(*ordered);
}

} // namespace charter::compute
