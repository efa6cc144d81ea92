#!/usr/bin/env bash
# Packaging check: a plain `pip wheel` (isolated build, as users get it) must
# compile every Cython extension into the wheel: the core's .pyx modules, and
# the Binance plugin's frame handlers (frames_py.py compiled as frames_c).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.venv/bin/python -m pip --disable-pip-version-check -q wheel --no-deps -w "$out" . >/dev/null
wheel=$(ls "$out"/ccxtpro-*.whl)
expected=$(find src/ccxtpro -name '*.pyx' | wc -l)
built=$(.venv/bin/python -m zipfile -l "$wheel" | grep -c '\.so ' || true)
echo "wheel: $(basename "$wheel"): $built compiled extensions of $expected"
[ "$built" -eq "$expected" ]

.venv/bin/python -m pip --disable-pip-version-check -q wheel --no-deps -w "$out" plugins/binance >/dev/null
plugin=$(ls "$out"/ccxtpro_binance-*.whl)
listing=$(.venv/bin/python -m zipfile -l "$plugin")
echo "wheel: $(basename "$plugin"): $(grep -c '\.so ' <<<"$listing" || true) compiled extension(s)"
grep -q 'ccxtpro_binance/frames_c\..*\.so ' <<<"$listing"
grep -q 'ccxtpro_binance/frames_py\.py ' <<<"$listing"   # the twin ships too
! grep -q '\.c ' <<<"$listing"                          # generated C stays out
