charter calendar every-kind.charter.yaml --as-of 2026-02-30
