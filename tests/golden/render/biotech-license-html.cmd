charter render ../../../examples/biotech-license.charter.yaml --on 2027-06-30
