charter splits vesting-pro-rata.charter.yaml --scenario mid-june --as-of 2026-06-15
