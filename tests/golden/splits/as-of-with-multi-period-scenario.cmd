charter splits recoup-pro-rata.charter.yaml --scenario three-quarters --as-of 2026-12-31
