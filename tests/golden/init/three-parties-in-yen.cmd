charter init --kind joint-venture --parties north,south,east --currency JPY --effective 2027-01-01
