charter splits vesting-pro-rata.charter.yaml --revenue sales=10000 --explain
