charter splits royalty-after-milestone.charter.yaml --scenario launch --format json
