charter splits statement.charter.yaml --revenue product-sale=100
