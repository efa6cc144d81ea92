"""ccxtpro-toy: a third-party exchange plugin for ccxtpro (see README)."""

__version__ = "0.1.0"
