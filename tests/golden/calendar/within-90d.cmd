charter calendar every-kind.charter.yaml --as-of 2027-07-15 --within 90d
