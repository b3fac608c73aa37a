charter diff base.charter.yaml identical.charter.yaml --ledger /dev/zero
