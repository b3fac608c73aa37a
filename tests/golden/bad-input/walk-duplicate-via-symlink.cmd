charter validate deals
