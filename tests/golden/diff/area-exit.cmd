charter diff base.charter.yaml area-exit-new.charter.yaml
