charter diff base.charter.yaml change-and-move-new.charter.yaml --format json
