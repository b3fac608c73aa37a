charter splits vesting-to-party.charter.yaml --revenue sales=10000 --period 2026-Q2 --explain
