// placeholder replaced by the HTTP work
