charter diff --help
