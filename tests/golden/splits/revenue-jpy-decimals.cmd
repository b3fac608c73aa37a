charter splits currency-jpy.charter.yaml --revenue sales=100.5
