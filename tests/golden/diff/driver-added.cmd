charter diff deal.charter.yaml /dev/null . . identical.charter.yaml 2222222222222222222222222222222222222222 100644
