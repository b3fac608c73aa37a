charter diff base.charter.yaml area-scenarios-new.charter.yaml
