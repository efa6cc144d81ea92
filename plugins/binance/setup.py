"""Builds ``ccxtpro_binance.frames_c``: the frame handlers' pure-Python source compiled with Cython.

One source, two builds: ``frames_py.py`` runs as it is and is compiled under
the name ``frames_c`` (the ``.py`` stays the twin). A failed build is an error.
"""

from pathlib import Path

from Cython.Build import cythonize
from Cython.Compiler import Options
from setuptools import Extension, setup

ROOT = Path(__file__).parent

DIRECTIVES = {
    "language_level": 3,
    "embedsignature": True,
    "boundscheck": False,
    "wraparound": False,
    "warn.unreachable": True,
    "warn.maybe_uninitialized": True,
    "warn.unused": True,
    "warn.unused_arg": False,
    "warn.unused_result": False,
}
CFLAGS = ["-O3", "-Wall", "-Werror", "-Wno-unused-function", "-Wno-unreachable-code"]


def extensions():
    Options.warning_errors = True
    return cythonize(
        [Extension("ccxtpro_binance.frames_c", ["src/ccxtpro_binance/frames_py.py"], extra_compile_args=CFLAGS)],
        compiler_directives=DIRECTIVES,
        quiet=True,
    )


setup(ext_modules=extensions())
