charter diff base.charter.yaml area-parties-new.charter.yaml
