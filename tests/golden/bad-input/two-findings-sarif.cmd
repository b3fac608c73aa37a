charter validate --format sarif two-findings.charter.yaml
