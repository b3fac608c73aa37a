charter validate --format json two-findings.charter.yaml
