charter diff base.charter.yaml moved-only-new.charter.yaml --verbose
