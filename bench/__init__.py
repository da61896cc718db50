"""Benchmarks: scripts that build synthetic archives and print figures (see README.md)."""
