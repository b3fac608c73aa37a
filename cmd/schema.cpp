#include "schema.hpp"

#include <iostream>

#include "schema/schema.hpp"

namespace charter::cmd {

CLI::App* setup_schema(CLI::App& app) {
    return app.add_subcommand("schema",
                              "Print the JSON Schema of the charter format (for editors)");
}

int run_schema() {
    std::cout << schema::json_schema_text();
    return kOk;
}

} // namespace charter::cmd
