charter diff base.charter.yaml no-such.charter.yaml
