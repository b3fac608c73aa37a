charter init --kind joint-venture --effective 2027-01-01
