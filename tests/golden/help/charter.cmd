charter --help
