charter splits statement.charter.yaml
