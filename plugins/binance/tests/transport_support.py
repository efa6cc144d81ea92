"""Every websocket transport as pytest params, for the plugin's tests that must hold on each."""

from __future__ import annotations

import pytest

from ccxtpro.ws import transport


def transport_params() -> list:
    """A missing transport is a skip naming it, never silently left out."""
    return [pytest.param(name, id=name, marks=[] if ok else [pytest.mark.skip(
        reason=f"transport {name!r} not installed ({transport.TRANSPORTS[name][2]})")])
        for name, ok in transport.installed().items()]
