charter splits statement.charter.yaml --ledger ledger-crlf.csv --format csv
