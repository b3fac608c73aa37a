charter calendar every-kind.charter.yaml --as-of 2026-01-01 --from 2026-09-13 --to 2026-09-29
