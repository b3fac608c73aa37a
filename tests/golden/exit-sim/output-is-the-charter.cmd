charter exit-sim FILE --all --on 2027-01-01 -o FILE
