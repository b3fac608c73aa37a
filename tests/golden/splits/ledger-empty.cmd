charter splits statement.charter.yaml --ledger ledger-empty.csv --format csv
