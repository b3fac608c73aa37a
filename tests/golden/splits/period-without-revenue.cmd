charter splits statement.charter.yaml --ledger statement.csv --period 2026-Q4
