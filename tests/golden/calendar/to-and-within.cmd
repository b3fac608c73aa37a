charter calendar every-kind.charter.yaml --as-of 2027-01-01 --to 2027-02-01 --within 30d
