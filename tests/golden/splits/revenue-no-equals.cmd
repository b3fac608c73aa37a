charter splits statement.charter.yaml --revenue product-sales:100
