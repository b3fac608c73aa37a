charter diff base.charter.yaml change-currency-new.charter.yaml
