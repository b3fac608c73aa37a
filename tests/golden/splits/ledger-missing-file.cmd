charter splits statement.charter.yaml --ledger no-such.csv
