charter splits vesting-pro-rata.charter.yaml --revenue sales=10000 --revenue grants=1000 --as-of 2026-06-15 --explain
