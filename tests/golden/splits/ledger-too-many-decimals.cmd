charter splits statement.charter.yaml --ledger ledger-too-many-decimals.csv --format csv
