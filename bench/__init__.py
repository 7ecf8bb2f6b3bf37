"""Benchmarks for Milepost's public site: `make bench` runs `python -m bench`."""
