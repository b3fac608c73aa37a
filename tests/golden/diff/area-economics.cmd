charter diff base.charter.yaml area-economics-new.charter.yaml
