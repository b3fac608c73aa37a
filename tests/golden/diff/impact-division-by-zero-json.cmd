charter diff base.charter.yaml impact-division-by-zero-new.charter.yaml --format json
