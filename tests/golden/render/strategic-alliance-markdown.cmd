charter render ../../../examples/strategic-alliance.charter.yaml --on 2027-06-30 --format markdown
