#!/usr/bin/env bash
# Set up and run the main job. Until the Binance stream lands this is the
# side-by-side benchmark of the order books and caches against CCXT 4.5.84.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m asv_benchmarks.vs_ccxt "$@"
