charter splits statement.charter.yaml --ledger ledger-missing-column.csv --format csv
