charter calendar several/alpha.charter.yaml missing.charter.yaml --as-of 2026-04-01
