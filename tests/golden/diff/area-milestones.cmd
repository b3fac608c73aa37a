charter diff base.charter.yaml area-milestones-new.charter.yaml
