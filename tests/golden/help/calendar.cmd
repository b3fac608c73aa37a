charter calendar --help
