charter calendar every-kind.charter.yaml --as-of 2027-06-01 --within 30d --fail-on due
