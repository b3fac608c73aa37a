charter validate .
