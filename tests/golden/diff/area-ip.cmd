charter diff base.charter.yaml area-ip-new.charter.yaml
