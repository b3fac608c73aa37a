charter init --kind university --effective 2027-01-01
