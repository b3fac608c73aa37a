charter splits statement.charter.yaml --revenue royalties=100
