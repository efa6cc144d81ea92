"""The core's own plugin: what ccxtpro offers every exchange through the hooks.

Registered first by :mod:`ccxtpro.plugins` (as ``ccxtpro.core``), so an
exchange plugin registered later overrides it where a hook's combining rule
says the first answer wins.
"""

from __future__ import annotations

from .hookspecs import hookimpl
from .signers import CORE_SCHEMES, SigningScheme


@hookimpl
def ccxtpro_signers(exchange_id: str) -> list[SigningScheme]:
    """Every core scheme, to every exchange."""
    del exchange_id
    return list(CORE_SCHEMES)
