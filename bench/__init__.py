"""Benchmarks run by `make bench`; each module prints figures beside a baseline from the same run."""
