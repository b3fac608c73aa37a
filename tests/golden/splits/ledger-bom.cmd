charter splits statement.charter.yaml --ledger ledger-bom.csv --format csv
