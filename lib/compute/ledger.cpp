#include "compute/ledger.hpp"

#include <algorithm>
#include <map>
#include <optional>
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

    /// The next record into `fields`: true, or false at the end. A malformed
    /// record (an unclosed quote, a quote inside an unquoted field, a row
    /// too long) is a Ledger problem whose message names neither the ledger
    /// nor the line: the caller does, with record_line().
    Result<bool> next(std::vector<std::string>& fields) {
        fields.clear();
        if (!fill()) {
            return false;
        }
        m_record_line = m_line;
        std::string error; // what is wrong with the record (the last thing found)
        std::string field;
        bool quoted = false, was_quoted = false;
        for (std::size_t taken = 0;; ++taken) {
            if (taken > kMaxRecordBytes) {
                // a row that never ends (/dev/zero) must not take all memory
                error = fmt::format("the row is longer than {} bytes", kMaxRecordBytes);
                return record(std::move(error));
            }
            if (!fill()) {
                if (quoted) {
                    error = "a quoted field is not closed before the end of the file";
                    return record(std::move(error));
                }
                fields.push_back(std::move(field));
                return record(std::move(error));
            }
            // a run of bytes that only extend the field, appended at once
            if (std::size_t run = plain_run(quoted); run > 0) {
                field.append(&m_buf[m_pos], run);
                m_pos += run;
                taken += run - 1;
                continue;
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
                return record(std::move(error));
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
    /// How many bytes from the current one, within the buffer, are part of
    /// the field as they are: in a quoted field all but '"' and a line
    /// break (which is counted); outside, all but separators and quotes.
    std::size_t plain_run(bool quoted) const {
        std::size_t end = m_pos;
        if (quoted) {
            while (end < m_len && m_buf[end] != '"' && m_buf[end] != '\n') {
                ++end;
            }
        } else {
            while (end < m_len) {
                char c = m_buf[end];
                if (c == ',' || c == '\n' || c == '\r' || c == '"') {
                    break;
                }
                ++end;
            }
        }
        return end - m_pos;
    }

    static Result<bool> record(std::string error) {
        if (error.empty()) {
            return true;
        }
        return unexpected(Problem{ProblemKind::Ledger, std::move(error), {}});
    }

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

std::string_view trim(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && ws(s.back())) {
        s.remove_suffix(1);
    }
    while (!s.empty() && ws(s.front())) {
        s.remove_prefix(1);
    }
    return s;
}

/// A signed decimal amount: "-1234.5", "1_000.25", as its digits' value
/// (the decimal point left out) and the number of decimals.
struct ParsedAmount {
    bool negative = false;
    Int128 digits = 0; ///< integer part and fraction part, no separators: "1_000.25" is 100025
    int decimals = 0;
};

/// A ledger's amount, or a Number problem saying why it is not one.
Result<ParsedAmount> parse_amount(std::string_view s) {
    auto malformed = [](std::string why) {
        return unexpected(Problem{ProblemKind::Number, std::move(why), {}});
    };
    constexpr int kMaxDigits = 30; // 10^30 fits an Int128 with room for the sums
    std::size_t i = 0;
    ParsedAmount out;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        out.negative = s[i] == '-';
        ++i;
    }
    int count = 0;
    bool dot = false, prev_digit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++count <= kMaxDigits) {
                out.digits = out.digits * 10 + (c - '0');
            }
            if (dot) {
                ++out.decimals;
            }
            prev_digit = true;
        } else if (c == '_' && prev_digit && i + 1 < s.size() && s[i + 1] >= '0' &&
                   s[i + 1] <= '9') {
            prev_digit = false;
        } else if (c == '.' && !dot && prev_digit && i + 1 < s.size()) {
            dot = true;
            prev_digit = false;
        } else {
            return malformed(c == ',' ? "thousands separators are not allowed (write 1500000.00)"
                                      : "write digits with an optional '-' and '.'");
        }
    }
    if (count == 0) {
        return malformed("the amount is empty");
    }
    if (count > kMaxDigits) {
        return malformed("the amount has more than 30 digits");
    }
    return out;
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

/// A Ledger problem at `line` of the ledger shown as `name`; the message
/// names both ("q.csv:12: unknown stream 'x'").
Problem ledger_error(const std::string& name, int line, std::string message,
                     std::string help = {}) {
    Problem p{ProblemKind::Ledger, fmt::format("{}:{}: {}", name, line, message), std::move(help)};
    p.line = line;
    return p;
}

/// Where a row's period, stream and amount are.
struct Columns {
    std::size_t period = 0, stream = 0, amount = 0;
    std::size_t need = 0; ///< the fields a row must have
};

/// The header: the positions of the period, stream and amount columns.
Result<Columns> read_header(CsvReader& csv, const std::string& name) {
    const char* help = "the first line is a header such as `period,stream,amount`";
    std::vector<std::string> fields;
    auto first = csv.next(fields);
    if (!first) {
        return unexpected(ledger_error(name, 1, first.error().message, help));
    }
    if (!*first) {
        return unexpected(ledger_error(name, 1, "the ledger is empty", help));
    }
    if (!fields.empty() && fields[0].compare(0, 3, "\xEF\xBB\xBF") == 0) {
        fields[0].erase(0, 3); // a byte-order mark, as spreadsheets write
    }
    int col_period = -1, col_stream = -1, col_amount = -1;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string_view h = trim(fields[i]);
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
        return unexpected(ledger_error(
            name, 1, fmt::format("the header has no {} column", text::join_words(missing)),
            "the first line names the columns; it needs period, stream and amount (others "
            "are ignored)"));
    }
    Columns cols;
    cols.period = static_cast<std::size_t>(col_period);
    cols.stream = static_cast<std::size_t>(col_stream);
    cols.amount = static_cast<std::size_t>(col_amount);
    cols.need = std::max({cols.period, cols.stream, cols.amount}) + 1;
    return cols;
}

/// An exact amount of whole minor units (`digits` decimals) as a rational.
num::Rational to_rational(Int128 units, int digits) {
    // __int128 -> decimal text -> exact rational
    std::string text;
    do {
        text += static_cast<char>('0' + static_cast<int>(units % 10));
        units /= 10;
    } while (units > 0);
    std::reverse(text.begin(), text.end());
    num::Rational value(num::Integer(text), num::pow10(digits));
    value.canonicalize();
    return value;
}

/// A ledger's amounts summed per (period, stream), one row at a time.
class LedgerTotals {
  public:
    LedgerTotals(const std::string& name, const model::Charter& charter)
        : m_name(name), m_currency(charter.currency), m_digits(charter.minor_digits) {
        if (charter.economics) {
            for (const auto& s : charter.economics->streams) {
                m_stream_ids.push_back(s.id);
            }
        }
    }

    /// Adds one row (the fields of at least `cols.need` columns); an error stops the ledger.
    std::optional<Problem> add_row(const std::vector<std::string>& fields, const Columns& cols,
                                   int line) {
        auto period = period_index(trim(fields[cols.period]), line);
        if (!period) {
            return period.error();
        }
        auto stream = stream_index(trim(fields[cols.stream]), line);
        if (!stream) {
            return stream.error();
        }
        auto units = minor_units(fields[cols.amount], line);
        if (!units) {
            return units.error();
        }
        Sum& s = m_sums[Key{*period, *stream}];
        if (s.first_line == 0) {
            s.first_line = line;
        }
        s.units += *units;
        constexpr Int128 kLimit = static_cast<Int128>(1) << 120;
        if (s.units > kLimit || s.units < -kLimit) {
            return fail(
                line,
                "the amounts of this period and stream add up to more than the ledger can hold");
        }
        return std::nullopt;
    }

    /// The periods with their revenue, in calendar order.
    Result<std::vector<PeriodInput>> periods() const {
        std::vector<PeriodInput> out(m_periods.size());
        for (std::size_t i = 0; i < m_periods.size(); ++i) {
            out[i].period = m_periods[i];
            out[i].as_of = m_periods[i].last;
        }
        for (const auto& [key, s] : m_sums) {
            if (s.units < 0) {
                return unexpected(
                    fail(s.first_line,
                         fmt::format(
                             "the amounts of stream '{}' in period {} add up to a negative total",
                             m_stream_ids[key.stream], m_periods[key.period].label),
                         "a period's revenue cannot be negative: check refunds and credit notes"));
            }
            out[key.period].revenue.push_back(
                StreamRevenue{m_stream_ids[key.stream], to_rational(s.units, m_digits)});
        }
        auto ordered = order_periods(std::move(out));
        if (!ordered) {
            return unexpected(fail(0, ordered.error().message, ordered.error().help));
        }
        return std::move(*ordered);
    }

  private:
    Problem fail(int line, std::string message, std::string help = {}) const {
        return ledger_error(m_name, line, std::move(message), std::move(help));
    }

    /// The index of the period `label`, added on its first row; one
    /// ledger has one granularity.
    Result<std::size_t> period_index(std::string_view label, int line) {
        if (auto it = m_period_index.find(label); it != m_period_index.end()) {
            return it->second;
        }
        auto p = parse_period(label);
        if (!p) {
            return unexpected(fail(line, p.error().message, p.error().help));
        }
        if (!m_periods.empty() && p->granularity != m_periods.front().granularity) {
            return unexpected(
                fail(line,
                     fmt::format(
                         "period {} is a {}, but the ledger's first period ({}, line {}) is a {}",
                         p->label, granularity_name(p->granularity), m_periods.front().label,
                         m_first_line, granularity_name(m_periods.front().granularity)),
                     "one ledger uses one granularity"));
        }
        if (m_periods.empty()) {
            m_first_line = line;
        }
        m_period_index.emplace(std::string(label), m_periods.size());
        m_periods.push_back(*p);
        return m_periods.size() - 1;
    }

    /// The index of the charter's stream `stream`.
    Result<std::size_t> stream_index(std::string_view stream, int line) const {
        auto sit = std::find(m_stream_ids.begin(), m_stream_ids.end(), stream);
        if (sit != m_stream_ids.end()) {
            return static_cast<std::size_t>(sit - m_stream_ids.begin());
        }
        std::vector<std::string_view> known(m_stream_ids.begin(), m_stream_ids.end());
        std::string_view close = text::suggest(stream, known);
        return unexpected(fail(
            line, fmt::format("unknown stream '{}'", text::shown(stream)),
            close.empty() ? fmt::format("the charter's streams are {}", text::join_words(known))
                          : fmt::format("did you mean '{}'?", close)));
    }

    /// The amount `field` in whole minor units of the charter's currency, signed.
    Result<Int128> minor_units(const std::string& field, int line) const {
        auto amount = parse_amount(trim(field));
        if (!amount) {
            return unexpected(fail(line, fmt::format("'{}' is not an amount: {}",
                                                     text::shown(field), amount.error().message)));
        }
        if (amount->decimals > m_digits) {
            return unexpected(
                fail(line, fmt::format("{} has {} decimals, but {} allows {}", trim(field),
                                       amount->decimals, m_currency, m_digits)));
        }
        Int128 units = amount->digits;
        for (int k = amount->decimals; k < m_digits; ++k) {
            units *= 10;
        }
        return amount->negative ? -units : units;
    }

    const std::string& m_name;
    const std::string& m_currency;
    const int m_digits;
    std::vector<std::string> m_stream_ids;
    std::vector<Period> m_periods;
    /// Looked up by a view of the row's field, without a copy.
    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::size_t, ViewHash, std::equal_to<>> m_period_index;
    std::map<Key, Sum> m_sums;
    int m_first_line = 0; ///< of the first period, for the granularity error
};

} // namespace

Result<std::vector<PeriodInput>> read_ledger(std::istream& in, const std::string& name,
                                             const model::Charter& charter) {
    CsvReader csv(in);
    CHARTER_TRY(const Columns cols, read_header(csv, name));
    LedgerTotals totals(name, charter);
    std::vector<std::string> fields;
    for (;;) {
        auto more = csv.next(fields);
        int line = csv.record_line();
        if (!more) {
            return unexpected(ledger_error(name, line, more.error().message));
        }
        if (!*more) {
            break;
        }
        if (fields.size() == 1 && trim(fields[0]).empty()) {
            continue; // a blank line
        }
        if (fields.size() < cols.need) {
            return unexpected(
                ledger_error(name, line,
                             fmt::format("the row has {} fields, but the header has {}",
                                         fields.size(), cols.need)));
        }
        if (auto e = totals.add_row(fields, cols, line)) {
            return unexpected(std::move(*e));
        }
    }
    return totals.periods();
}

} // namespace charter::compute
