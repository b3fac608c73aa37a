charter render ../../../examples/joint-venture.charter.yaml --on 2027-06-30
