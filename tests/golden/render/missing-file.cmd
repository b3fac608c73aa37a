charter render not-there.charter.yaml
