charter splits statement.charter.yaml --ledger ledger-bad-period.csv --format csv
