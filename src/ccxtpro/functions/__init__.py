"""The primitives CCXT writes by hand in each language, written here by hand."""
