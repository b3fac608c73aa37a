charter splits statement.charter.yaml --ledger -
