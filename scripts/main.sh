#!/usr/bin/env bash
# Set up and run the main job: a live Binance stream (order book and trades)
# from the loopback simulator through ccxtpro.load("binance"). Arguments go to
# examples/live_stream.py (--symbol, --seconds, --seed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python examples/live_stream.py "$@"
