charter diff base.charter.yaml change-ratio-rounded-display-new.charter.yaml
