charter diff base.charter.yaml impact-ledger-cannot-compute-new.charter.yaml --ledger ledger.csv
