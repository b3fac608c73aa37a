charter validate --jobs 0 two-findings.charter.yaml
