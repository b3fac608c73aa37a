charter diff base.charter.yaml area-contributions-new.charter.yaml
