charter splits statement.charter.yaml --ledger ledger-embedded-newline.csv --format csv
