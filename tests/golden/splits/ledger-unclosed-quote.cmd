charter splits statement.charter.yaml --ledger ledger-unclosed-quote.csv --format csv
