charter validate --format github two-findings.charter.yaml
