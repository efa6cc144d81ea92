"""Builds the Cython extensions under src/ccxtpro/_core.

Every ``*.pyx`` found there becomes an extension named by its path. A failed
build is an error, never a silent fallback: the pure-Python twins are selected
at import only when ``CCXTPRO_NO_EXTENSIONS=1`` asks for them.
"""

import os
from pathlib import Path

from Cython.Build import cythonize
from Cython.Compiler import Options
from setuptools import Extension, setup

ROOT = Path(__file__).parent
SRC = ROOT / "src"

DIRECTIVES = {
    "language_level": 3,
    "embedsignature": True,
    "boundscheck": False,
    "wraparound": False,
    "initializedcheck": False,
    "cdivision": True,
    "warn.undeclared": False,
    "warn.unreachable": True,
    "warn.maybe_uninitialized": True,
    "warn.unused": True,
    "warn.unused_arg": False,
    "warn.unused_result": False,
}
if os.environ.get("CCXTPRO_CYTHON_TRACE") == "1":
    DIRECTIVES.update(linetrace=True, profile=True)

CFLAGS = ["-O3", "-Wall", "-Werror", "-Wno-unused-function", "-Wno-unreachable-code"]


def extensions():
    Options.warning_errors = True  # a Cython warning fails the build, like -Werror for gcc
    mods = []
    for pyx in sorted((SRC / "ccxtpro").rglob("*.pyx")):
        rel = pyx.relative_to(SRC).with_suffix("")
        mods.append(
            Extension(
                ".".join(rel.parts),
                [str(pyx.relative_to(ROOT))],
                extra_compile_args=CFLAGS,
            )
        )
    return cythonize(mods, compiler_directives=DIRECTIVES, quiet=True)


# the extensions compile side by side, one compiler process per CPU (``-j N`` overrides)
setup(ext_modules=extensions(), options={"build_ext": {"parallel": True}})
