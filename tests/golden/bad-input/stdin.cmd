charter validate -
