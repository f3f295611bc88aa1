// placeholder replaced by the Storage work
