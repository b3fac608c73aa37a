charter diff base.charter.yaml change-rate-new.charter.yaml --ledger ledger.csv --format markdown
