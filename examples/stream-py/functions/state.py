# State shared by this package's functions for the life of the worker process.
prices = {}
