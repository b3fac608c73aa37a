charter splits statement.charter.yaml --ledger statement.csv --as-of 2026-12-31
