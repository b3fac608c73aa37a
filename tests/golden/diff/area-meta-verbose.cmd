charter diff base.charter.yaml area-meta-new.charter.yaml --verbose
