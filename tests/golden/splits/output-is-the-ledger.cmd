charter splits FILE --ledger sales.csv -o ./sales.csv
