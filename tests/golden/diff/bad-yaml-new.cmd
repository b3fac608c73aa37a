charter diff base.charter.yaml bad-yaml-old.charter.yaml
