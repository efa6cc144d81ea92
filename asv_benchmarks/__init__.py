"""Benchmarks: an asv suite (``benchmarks/``) and side-by-side scripts against CCXT."""
