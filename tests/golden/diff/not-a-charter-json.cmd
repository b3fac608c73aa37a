charter diff not-a-charter.charter.yaml not-a-charter-new.charter.yaml --format json
