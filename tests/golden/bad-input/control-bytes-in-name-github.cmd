charter validate --format github .
