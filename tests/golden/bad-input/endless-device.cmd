charter validate /dev/zero
