charter diff base.charter.yaml added-removed-new.charter.yaml --format json
