charter splits statement.charter.yaml --ledger ledger-unknown-stream.csv --format csv
