#include "charter/schema.hpp"

#include "schema/schema.hpp"

namespace charter {

std::string json_schema() {
    return schema::json_schema_text();
}

const char* version() {
    return CHARTER_VERSION;
}

} // namespace charter
