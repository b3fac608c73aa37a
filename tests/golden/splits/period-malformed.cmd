charter splits statement.charter.yaml --revenue product-sales=100 --period 2026-Q5
