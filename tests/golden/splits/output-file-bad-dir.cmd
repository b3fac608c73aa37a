charter splits statement.charter.yaml --ledger statement.csv -o no-such-dir/out.json
