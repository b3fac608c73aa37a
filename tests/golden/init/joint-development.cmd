charter init --kind joint-development --effective 2027-01-01
