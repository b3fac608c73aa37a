// libFuzzer target over ledgers: the bytes are a CSV ledger, read against a
// small fixed charter (validated once, from a string: no disk), and, when it
// reads, run through the waterfall. Besides crashes, sanitizer reports and
// the engine's own conservation check, it traps when the parties' totals do
// not add up to the revenue.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "compute/ledger.hpp"
#include "compute/waterfall.hpp"
#include "validate/validate.hpp"

namespace {

// Two streams that use every kind of step and modifier, with vesting, so
// that any ledger that reads goes through all of the engine.
constexpr const char* kCharter = R"yaml(charter: 1
id: fuzz-ledger
title: Fixed charter for the ledger fuzzer
kind: joint-development
effective: 2026-01-01
term: {ends: 2040-12-31}
currency: USD
parties:
  - {id: acme, name: Acme}
  - {id: globex, name: Globex}
  - {id: initech, name: Initech}
contributions:
  - {id: acme-cash, party: acme, kind: cash, value: 750_000, date: 2026-02-01, recoupable: true}
  - {id: globex-kit, party: globex, kind: equipment, value: 300_000.01, recoupable: true}
  - {id: initech-cash, party: initech, kind: cash, value: 100_000, date: 2026-01-10, recoupable: true}
milestones:
  - {id: m1, title: Prototype, owner: acme, due: 2026-09-30, achieved: 2026-09-12}
  - {id: m2, title: Launch, owner: globex, due: 2028-12-31, depends_on: [m1], achieved: 2028-06-30}
economics:
  shares: {acme: 50%, globex: 1/3, initech: 1/6}
  vesting:
    - {party: acme, portion: 20%, milestone: m1}
    - {party: globex, portion: 50%, milestone: m2}
  unvested: pro-rata
  streams:
    - id: product-sales
      title: Product sales
      waterfall:
        - id: recoup-costs
          recoup: {parties: [acme, globex], order: sequential}
        - id: royalty
          to: acme
          royalty:
            cumulative: true
            base: "revenue - paid(@recoup-costs)"
            tiers:
              - {from: 0, rate: 5%}
              - {from: 1_000_000, rate: 7.25%}
              - {from: 5_000_000, rate: 9%}
          cap: {period: 400_000, total: 2_000_000}
        - id: fee
          to: {globex: 2/3, initech: 1/3}
          amount: "max(3% * revenue, 10_000) + if(prior_revenue > 0, pool / 7, 0)"
          floor: 10_000
          carry: true
        - id: residual
          split: shares
    - id: licensing
      title: Licensing
      waterfall:
        - id: recoup-all
          recoup: {order: pro-rata}
        - id: costs
          to: {acme: 50%, globex: 50%}
          amount: "min(revenue, 25_000) / (revenue - 1000)"
          carry: true
          cap: {period: 30_000}
        - id: residual
          split: {acme: 60%, globex: 25%, initech: 15%}
exit:
  triggers:
    - {id: convenience, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
)yaml";

void require(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

const charter::model::Charter& fixed_charter() {
    static const charter::Validated v = charter::validate_source(
        std::make_shared<const charter::Source>("fuzz.charter.yaml", kCharter));
    require(v.charter.has_value());
    for (const auto& d : v.report.diagnostics) {
        require(d.severity != charter::Severity::Error);
    }
    return *v.charter;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& c = fixed_charter();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    auto ledger = charter::compute::read_ledger(in, "fuzz.csv", c);
    if (!ledger) {
        return 0;
    }
    auto run = charter::compute::run_waterfall(c, *ledger);
    if (!run) {
        return 0;
    }
    charter::num::Rational total = 0;
    for (const auto& pa : run->by_party) {
        require(pa.amount >= 0);
        total += pa.amount;
    }
    require(total == run->revenue);
    return 0;
}
