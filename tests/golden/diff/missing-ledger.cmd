charter diff base.charter.yaml change-rate-new.charter.yaml --ledger no-such.csv
