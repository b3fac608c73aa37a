charter diff deal.charter.yaml identical.charter.yaml 1111111111111111111111111111111111111111 100644 /dev/null . .
