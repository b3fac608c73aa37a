charter splits FILE --revenue sales=100
