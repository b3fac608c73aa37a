charter validate does-not-exist.charter.yaml
