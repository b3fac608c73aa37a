charter splits statement.charter.yaml --revenue product-sales=100 --revenue product-sales=50
