charter render ../../../examples/university-partnership.charter.yaml --on 2027-06-30
