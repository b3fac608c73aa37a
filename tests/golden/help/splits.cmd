charter splits --help
