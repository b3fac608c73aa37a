charter splits statement.charter.yaml --ledger /dev/zero --format csv
