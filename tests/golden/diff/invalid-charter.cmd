charter diff base.charter.yaml invalid-charter-new.charter.yaml
