charter calendar every-kind.charter.yaml --as-of 2027-01-01 --remind 30d
