#!/usr/bin/env bash
# Packaging check: a plain `pip wheel .` (isolated build, as users get it) must
# compile every Cython extension into the wheel.
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
