charter validate --help
