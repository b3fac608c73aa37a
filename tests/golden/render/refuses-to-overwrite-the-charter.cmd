charter render ../../../examples/joint-development.charter.yaml --on 2027-01-01 -o ../../../examples/joint-development.charter.yaml
