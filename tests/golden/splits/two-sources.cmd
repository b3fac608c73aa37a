charter splits statement.charter.yaml --ledger statement.csv --revenue spare-parts=100
