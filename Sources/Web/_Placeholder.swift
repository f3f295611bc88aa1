// placeholder replaced by the Web work
