#pragma once
// Expected and CHARTER_TRY are part of the public API (include/charter/).
// Inside the library the error is a Problem: Result<T> (util/problem.hpp).
#include "charter/expected.hpp"
