charter calendar every-kind.charter.yaml --as-of 2027-07-15 --from 2026-01-01 --format json
