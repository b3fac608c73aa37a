charter diff base.charter.yaml notes-only-new.charter.yaml --verbose
