"""A soak smoke: a few seconds of ticker, trades and order books with faults, then the summary.

    python examples/soak_smoke.py [--seconds 8] [--symbols BTC/USDT,ETH/USDT] [--fault-every 1.5]

The long version is ``python -m ccxtpro_binance.soak --seconds 600`` (see
``ccxtpro_binance/soak.py``); this one runs against the in-process simulator,
injecting a drop, a depth gap, a malformed frame and an expiry, and exits
non-zero if a stream did not recover, went quiet too long, or the close left
something behind. No network is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from ccxtpro_binance.soak import print_summary, run_soak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--symbols", default="BTC/USDT,ETH/USDT")
    parser.add_argument("--fault-every", type=float, default=1.5, help="seconds between faults (0: none)")
    args = parser.parse_args()
    logging.getLogger("ccxtpro.ws").setLevel(logging.ERROR)  # the injected malformed frames are expected
    result = asyncio.run(run_soak(args.seconds, args.symbols.split(","), fault_every=args.fault_every,
                                  warmup=0.5, faults=["drop", "gap", "malformed", "expire"]))
    print_summary(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
