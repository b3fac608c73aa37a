charter splits /dev/zero --revenue sales=100
