charter splits statement.charter.yaml --revenue product-sales=100 --as-of 2026-02-30
