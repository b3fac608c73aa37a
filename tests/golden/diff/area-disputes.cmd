charter diff base.charter.yaml area-disputes-new.charter.yaml
