#pragma once
// The format's JSON Schema and the library's version.
#include <string>

namespace charter {

/// The JSON Schema (draft-07) of the charter format, as `charter schema` prints it.
std::string json_schema();

/// The library's version, "0.1.0".
const char* version();

} // namespace charter
