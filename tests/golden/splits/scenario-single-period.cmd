charter splits vesting-pro-rata.charter.yaml --scenario mid-june --format markdown --explain
