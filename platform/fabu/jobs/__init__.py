"""Background jobs on arq: the worker's settings and the registry of job functions."""
