charter diff deal.charter.yaml
