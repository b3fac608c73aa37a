charter splits statement.charter.yaml --ledger ledger-negative-total.csv --format csv
