charter diff no-such.charter.yaml base.charter.yaml
