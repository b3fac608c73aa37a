charter init --parties acme,Acme
