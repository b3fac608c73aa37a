charter render ../../../examples/joint-development.charter.yaml --on 2027-02-30
