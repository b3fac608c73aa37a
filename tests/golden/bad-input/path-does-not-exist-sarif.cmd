charter validate --format sarif does-not-exist.charter.yaml
