#pragma once
// Expected and CHARTER_TRY are part of the public API (include/charter/).
#include "charter/expected.hpp"
