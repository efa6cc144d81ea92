"""What the generator translates, and where the result goes: one ``Target`` per exchange.

Every exchange-specific name the generator needs — the CCXT files and classes it
reads, the Python classes, modules and paths it writes, the name used in prose —
is a field of (or derived from) a ``Target``. ``BINANCE`` below is the only place
an exchange is named; every other codegen module takes a target, so a second
exchange is a second constant, not a search-and-replace.
"""

from __future__ import annotations

from dataclasses import dataclass

# The exchange-agnostic side: CCXT's base class and the core's generated module.
# Shared by every target (one ``GeneratedExchange`` serves all plugins).
CCXT_BASE_FILE = "base/Exchange"  # under CCXT's ``js/src`` (or ``ts/src``), without extension
CCXT_BASE_CLASS = "Exchange"
CORE_GENERATED = "src/ccxtpro/generated"
CORE_CLASS = "GeneratedExchange"
CORE_MODULE = "ccxtpro.generated.exchange"
MANIFEST_FILE = "pro_manifest.json"  # in the plugin package, next to ``generated/``


@dataclass(frozen=True)
class Target:
    """One CCXT Pro exchange: its source in CCXT and its generated plugin here."""

    id: str  # CCXT's exchange id: names its source files (``pro/<id>.js``, ``<id>.js``) and JS classes
    name: str  # human-readable, for headers and docstrings
    ccxt_class: str  # the exported class of both CCXT files (Pro and REST)
    rest_class: str  # generated Python class for CCXT's REST class
    pro_class: str  # generated Python class for CCXT's Pro class
    plugin_src: str  # repo-relative directory that holds the plugin's import package
    plugin_package: str  # the plugin's import name

    # ------------------------------------------------------------ CCXT side

    def ccxt_file(self, layer: str, ext: str = ".js") -> str:
        """Path of ``layer``'s file relative to CCXT's ``js/src`` (or ``ts/src``)."""
        stem = {"pro": f"pro/{self.id}", "rest": self.id, "base": CCXT_BASE_FILE}[layer]
        return stem + ext

    @property
    def ccxt_classes(self) -> dict[str, str]:
        """Layer -> the class the front end must find in that layer's file."""
        return {"pro": self.ccxt_class, "rest": self.ccxt_class, "base": CCXT_BASE_CLASS}

    # ------------------------------------------------------------ generated side

    @property
    def plugin_dir(self) -> str:
        return f"{self.plugin_src}/{self.plugin_package}"

    @property
    def plugin_tests(self) -> str:
        """The plugin's test directory, next to its ``src`` (tests of generated code live there)."""
        return self.plugin_src.rpartition("/")[0] + "/tests"

    @property
    def generated_dir(self) -> str:
        return f"{self.plugin_dir}/generated"

    @property
    def generated_package(self) -> str:
        return f"{self.plugin_package}.generated"

    @property
    def manifest_path(self) -> str:
        return f"{self.plugin_dir}/{MANIFEST_FILE}"

    @property
    def routes_path(self) -> str:
        return f"{self.generated_dir}/routes.py"

    @property
    def routes_module(self) -> str:
        return f"{self.generated_package}.routes"

    @property
    def class_names(self) -> dict[str, str]:
        """Layer -> generated Python class."""
        return {"base": CORE_CLASS, "rest": self.rest_class, "pro": self.pro_class}

    @property
    def import_paths(self) -> dict[str, str]:
        """Layer -> module that defines the generated class."""
        return {"base": CORE_MODULE, "rest": f"{self.generated_package}.{self.id}_rest",
                "pro": f"{self.generated_package}.{self.id}"}

    @property
    def modules(self) -> dict[str, str]:
        """Layer -> repo-relative path of the generated module."""
        return {"base": f"{CORE_GENERATED}/exchange.py", "rest": f"{self.generated_dir}/{self.id}_rest.py",
                "pro": f"{self.generated_dir}/{self.id}.py"}


BINANCE = Target(
    id="binance",
    name="Binance",
    ccxt_class="binance",
    rest_class="BinanceRest",
    pro_class="Binance",
    plugin_src="plugins/binance/src",
    plugin_package="ccxtpro_binance",
)

TARGETS: dict[str, Target] = {t.id: t for t in (BINANCE,)}
DEFAULT = BINANCE  # what ``python -m codegen`` generates unless told otherwise
