"""Binance for ccxtpro: hook implementations, generated code and the loopback simulator."""
