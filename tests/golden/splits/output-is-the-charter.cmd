charter splits FILE --revenue product-sales=100 --format csv -o FILE
