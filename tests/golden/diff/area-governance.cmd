charter diff base.charter.yaml area-governance-new.charter.yaml
