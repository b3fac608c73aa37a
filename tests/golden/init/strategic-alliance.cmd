charter init --kind strategic-alliance --effective 2027-01-01
