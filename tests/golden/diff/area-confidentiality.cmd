charter diff base.charter.yaml area-confidentiality-new.charter.yaml
