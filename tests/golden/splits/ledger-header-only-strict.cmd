charter splits statement.charter.yaml --ledger ledger-header-only.csv --strict
