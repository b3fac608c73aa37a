#pragma once
// charter: parse, validate and compute plain-text partnership charters.
//
//   auto c = charter::load_file("alliance.charter.yaml");
//   if (!c) { /* c.error().message, .diagnostics */ }
//   auto s = charter::compute_scenario(*c, "year-one");
//
// Nothing here prints, exits or throws for bad input: failures come back as
// charter::Error in an Expected. charter(3) lists the whole API.
#include "charter/calendar.hpp"
#include "charter/diagnostic.hpp"
#include "charter/diff.hpp"
#include "charter/error.hpp"
#include "charter/exit.hpp"
#include "charter/expected.hpp"
#include "charter/init.hpp"
#include "charter/load.hpp"
#include "charter/location.hpp"
#include "charter/render.hpp"
#include "charter/schema.hpp"
#include "charter/splits.hpp"
