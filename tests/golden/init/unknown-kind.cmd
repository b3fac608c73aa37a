charter init --kind merger
