"""Benchmarks, the national-scale data generator and the load test (see bench/README.md)."""
