charter splits no-such.charter.yaml --revenue sales=100
