charter splits statement.charter.yaml --ledger ledger-mixed-periods.csv --format csv
