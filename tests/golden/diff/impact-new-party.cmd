charter diff base.charter.yaml impact-new-party-new.charter.yaml
