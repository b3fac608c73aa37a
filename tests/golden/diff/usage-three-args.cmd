charter diff base.charter.yaml change-rate-new.charter.yaml extra.charter.yaml
