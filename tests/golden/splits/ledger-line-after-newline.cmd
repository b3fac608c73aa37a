charter splits statement.charter.yaml --ledger ledger-line-after-newline.csv --format csv
