charter render not-yaml.input --on 2027-01-01
