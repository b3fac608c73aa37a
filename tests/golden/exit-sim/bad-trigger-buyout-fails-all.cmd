charter exit-sim bad-trigger-buyout-fails.charter.yaml --all --on 2027-03-01
