charter diff base.charter.yaml area-grouping-new.charter.yaml --format markdown
