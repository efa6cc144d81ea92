"""The one switch between compiled modules and their pure-Python twins.

Every hot-path module comes as a pair with the same API: ``<name>_c``
(Cython) and ``<name>_py`` (its twin, tested by the same tests). The policy,
for the core and for plugins alike:

* ``CCXTPRO_NO_EXTENSIONS=1`` (read once, here) selects every twin;
* otherwise every compiled module is used, and a missing one is an
  ``ImportError`` naming it: an install builds every extension or fails
  (``setup.py`` never skips one), so a missing module means a broken install,
  and a silent fallback would run it at a fraction of the speed.

:func:`select` applies the policy and records the choice; :func:`twins`
gives both builds, for tests and benchmarks that compare them.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

ENV = "CCXTPRO_NO_EXTENSIONS"

NO_EXTENSIONS: bool = os.environ.get(ENV, "") not in ("", "0")
USING_EXTENSIONS: bool = not NO_EXTENSIONS

#: twin module name -> the module selected for it, in selection order
SELECTED: dict[str, ModuleType] = {}


def select(package: str, name: str) -> ModuleType:
    """The module to use of the pair ``package.name_c`` / ``package.name_py``."""
    twin = f"{package}.{name}_py"
    if NO_EXTENSIONS:
        module = importlib.import_module(twin)
    else:
        compiled = f"{package}.{name}_c"
        try:
            module = importlib.import_module(compiled)
        except ImportError as e:
            raise ImportError(
                f"{compiled} is not built: reinstall the package so that its extensions compile, "
                f"or set {ENV}=1 to run the pure-Python twins"
            ) from e
    SELECTED[twin] = module
    return module


def twins(package: str, name: str) -> tuple[ModuleType, ModuleType | None]:
    """Both builds of a pair: the twin, and the compiled module (None if not built)."""
    twin = importlib.import_module(f"{package}.{name}_py")
    try:
        compiled: ModuleType | None = importlib.import_module(f"{package}.{name}_c")
    except ImportError:
        compiled = None
    return twin, compiled


def report() -> dict[str, str]:
    """Which build each selected pair runs: ``{"ccxtpro._core.orderbook": "compiled"…}``."""
    return {twin[: -len("_py")]: ("compiled" if module.__name__.endswith("_c") else "pure Python")
            for twin, module in SELECTED.items()}
