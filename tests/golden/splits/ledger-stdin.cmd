charter splits statement.charter.yaml --ledger - --format csv
