charter diff base.charter.yaml waterfall-reorder-new.charter.yaml --verbose
