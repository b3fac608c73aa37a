charter splits FILE --revenue sales=100 --format json -o out.json
