charter validate FILE
