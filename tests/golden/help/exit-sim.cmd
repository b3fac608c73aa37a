charter exit-sim --help
