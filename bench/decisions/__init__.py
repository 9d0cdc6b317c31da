"""Benchmarks for letter rendering."""
