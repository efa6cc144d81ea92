#!/usr/bin/env bash
# Set up .venv from nothing: Python 3.11 and gcc are all this needs.
# Installs the pinned build/test dependencies and ccxtpro itself (editable, so
# the Cython extensions are compiled in place). A failed extension build fails
# this script: there is no silent fallback to the pure-Python twins.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# redis-server (Debian's package) for the scale-out tests, which start their own on a free port
if ! command -v redis-server >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${PIP[@]}" install --upgrade pip
"${PIP[@]}" install -r requirements-dev.txt
"${PIP[@]}" install --no-build-isolation --no-deps -e .
if [ -f plugins/binance/pyproject.toml ]; then
    "${PIP[@]}" install --no-build-isolation --no-deps -e plugins/binance
fi
if [ -f tests/toy_plugin/pyproject.toml ]; then
    "${PIP[@]}" install --no-build-isolation --no-deps -e tests/toy_plugin
fi
# CCXT's published source, fetched with npm and checked against its integrity
# hash, cached outside the repo: the generator reads it, it is never committed
.venv/bin/python -c "from codegen.source import ensure_npm_source; ensure_npm_source()"
.venv/bin/python -c "import ccxtpro, sys; sys.exit(0 if ccxtpro.USING_EXTENSIONS else 'the Cython extensions did not load')"
