"""Replay throughput benchmark; same as ``python -m ccxtpro_binance.simulator.bench``.

Run: ``python plugins/binance/benchmarks/replay_rate.py --frames 20000 --loops 10``.
"""

from ccxtpro_binance.simulator.bench import main

if __name__ == "__main__":
    main()
