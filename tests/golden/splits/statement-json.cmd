charter splits statement.charter.yaml --ledger statement.csv --format json
