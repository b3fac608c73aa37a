charter splits statement.charter.yaml --ledger ledger-short-row.csv --format csv
