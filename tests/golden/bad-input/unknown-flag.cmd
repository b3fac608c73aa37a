charter validate --no-such-flag two-findings.charter.yaml
