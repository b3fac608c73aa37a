charter completions --help
