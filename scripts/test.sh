#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the whole test suite. `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m codegen check   # generated code must match a fresh regeneration byte for byte
.venv/bin/python -m pytest -q "$@"
