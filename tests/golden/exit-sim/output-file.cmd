charter exit-sim FILE --trigger exit --by alpha --on 2027-03-01 --format json -o out.json
