"""The plugin manager: how exchanges, routes, parsers and signers arrive.

One :class:`pluggy.PluginManager` per process, created on first use. It holds
the core's own plugin (:mod:`ccxtpro.core_plugin`) and every module exposed in
entry-point group ``ccxtpro`` by an installed distribution, unless
``CCXTPRO_DISABLE_PLUGIN_AUTOLOAD`` is set; ``CCXTPRO_PLUGINS`` (comma
separated module names) loads modules explicitly either way. Unknown hooks
fail loudly (``check_pending``), so a misspelled ``ccxtpro_*`` function in a
plugin is an error, not a silent no-op.

The combining rules of each hook live here, next to the one place that
calls it; the hook specs in :mod:`ccxtpro.hookspecs` document them.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from . import core_plugin, hookspecs, wiring
from .config import check_url_mounts
from .errors import ExchangeError, NotSupported
from .exchange import Exchange
from .signers import SigningScheme, combine_schemes
from .wiring import Wiring


ENTRY_POINT_GROUP = hookspecs.PROJECT
DISABLE_AUTOLOAD_ENV = "CCXTPRO_DISABLE_PLUGIN_AUTOLOAD"
PLUGINS_ENV = "CCXTPRO_PLUGINS"

hookimpl = hookspecs.hookimpl

_manager: pluggy.PluginManager | None = None


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def create_plugin_manager(autoload: bool | None = None) -> pluggy.PluginManager:
    """Build a fresh manager: specs, the core plugin, then installed plugins.

    ``autoload=None`` follows ``CCXTPRO_DISABLE_PLUGIN_AUTOLOAD``.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(core_plugin, name="ccxtpro.core")
    if autoload is None:
        autoload = not _env_flag(DISABLE_AUTOLOAD_ENV)
    if autoload:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for modname in filter(None, (m.strip() for m in os.environ.get(PLUGINS_ENV, "").split(","))):
        if pm.get_plugin(modname) is None:
            pm.register(importlib.import_module(modname), name=modname)
    pm.check_pending()
    wiring.invalidate()
    return pm


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide manager, created on first use."""
    global _manager
    if _manager is None:
        _manager = create_plugin_manager()
    return _manager


def register(plugin: object, name: str | None = None) -> str | None:
    """Register an in-process plugin (a module or any object with hookimpls).

    Checked at once: an implementation of an unknown hook raises.
    """
    pm = get_plugin_manager()
    registered = pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pm.unregister(plugin)
        raise
    finally:
        wiring.invalidate()
    return registered


def unregister(plugin: object | None = None, name: str | None = None) -> Any:
    """Undo :func:`register`."""
    try:
        return get_plugin_manager().unregister(plugin, name=name)
    finally:
        wiring.invalidate()


def _plugin_label(pm: pluggy.PluginManager, plugin: object) -> str:
    """A name a user can find: the plugin's registered name and its distribution."""
    name = pm.get_name(plugin) or repr(plugin)
    for p, dist in pm.list_plugin_distinfo():
        if p is plugin:
            project = getattr(dist, "project_name", None) or dist.metadata.get("Name")
            return f"{name} (from {project} {dist.version})"
    return name


def _per_plugin(hook: pluggy.HookCaller, **kwargs: Any) -> list[tuple[object, Any]]:
    """Call each implementation of ``hook`` separately, keeping who said what.

    Done by hand rather than through ``hook(...)`` because conflicts must
    name the plugins involved. pluggy's call order is kept (most recently
    registered first).
    """
    out = []
    for impl in reversed(hook.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue  # wrappers observe calls; they provide nothing
        args = [kwargs[a] for a in impl.argnames]
        result = impl.function(*args)
        if result is not None:
            out.append((impl.plugin, result))
    return out


# -------------------------------------------------------------------------
# exchanges
# -------------------------------------------------------------------------


def exchange_classes() -> dict[str, type[Exchange]]:
    """Exchange id -> class over all plugins; a contested id raises."""
    pm = get_plugin_manager()
    owners: dict[str, object] = {}
    classes: dict[str, type[Exchange]] = {}
    for plugin, provided in _per_plugin(pm.hook.ccxtpro_exchanges):
        for exchange_id, cls in dict(provided).items():
            if exchange_id in owners:
                raise ExchangeError(
                    f"exchange id {exchange_id!r} is claimed by two plugins: "
                    f"{_plugin_label(pm, owners[exchange_id])} and {_plugin_label(pm, plugin)}"
                )
            if not (isinstance(cls, type) and issubclass(cls, Exchange)):
                raise ExchangeError(
                    f"plugin {_plugin_label(pm, plugin)} registers {exchange_id!r} "
                    f"as {cls!r}, which is not a ccxtpro.Exchange subclass"
                )
            owners[exchange_id] = plugin
            classes[exchange_id] = cls
    return classes


def exchanges() -> list[str]:
    """Ids of the installed exchanges, sorted (``ccxt.exchanges`` in CCXT)."""
    return sorted(exchange_classes())


def exchange_class(name: str) -> type[Exchange]:
    """The class registered under ``name``; :class:`NotSupported` if none is."""
    classes = exchange_classes()
    try:
        return classes[name]
    except KeyError:
        installed = ", ".join(sorted(classes)) or "none"
        raise NotSupported(
            f"exchange {name!r} is not installed (installed: {installed}); "
            f"exchanges arrive as plugins in entry-point group {ENTRY_POINT_GROUP!r}"
        ) from None


def load(name: str, config: Mapping[str, Any] | None = None) -> Exchange:
    """Create an instance of the installed exchange ``name`` with ``config``.

    The instance is not connected yet; use it as ``async with`` or call
    ``await exchange.close()`` when done.
    """
    return exchange_class(name)(dict(config) if config is not None else None)


# -------------------------------------------------------------------------
# per-exchange hooks
# -------------------------------------------------------------------------


def channels(exchange_id: str) -> list[Any]:
    """Routes for ``exchange_id``, concatenated in call order."""
    out: list[Any] = []
    for result in get_plugin_manager().hook.ccxtpro_channels(exchange_id=exchange_id):
        out.extend(result)
    return out


def _union(hook_name: str, exchange_id: str, what: str) -> dict[str, Any]:
    pm = get_plugin_manager()
    owners: dict[str, object] = {}
    out: dict[str, Any] = {}
    for plugin, provided in _per_plugin(getattr(pm.hook, hook_name), exchange_id=exchange_id):
        for key, value in dict(provided).items():
            if key in owners:
                raise ExchangeError(
                    f"{what} {key!r} of {exchange_id!r} is provided by two plugins: "
                    f"{_plugin_label(pm, owners[key])} and {_plugin_label(pm, plugin)}"
                )
            owners[key] = plugin
            out[key] = value
    return out


def parsers(exchange_id: str) -> dict[str, Any]:
    """Named parsers for ``exchange_id``; one name provided twice raises."""
    return _union("ccxtpro_parsers", exchange_id, "parser")


def auth_routers(exchange_id: str) -> dict[str, Any]:
    """Market/account type -> its auth route; one type mapped twice raises."""
    return _union("ccxtpro_auth_routers", exchange_id, "auth route")


def sensitive_fields(exchange_id: str) -> frozenset[str]:
    """Field names ``exchange_id``'s plugins mark sensitive, over all plugins."""
    out: set[str] = set()
    for result in get_plugin_manager().hook.ccxtpro_sensitive_fields(exchange_id=exchange_id):
        out.update(str(name) for name in result)
    return frozenset(out)


def signers(exchange_id: str) -> dict[str, SigningScheme]:
    """Signing schemes for ``exchange_id`` by name; plugins override the core."""
    results: Iterable[Any] = get_plugin_manager().hook.ccxtpro_signers(exchange_id=exchange_id)
    return combine_schemes(results)


def url_mounts(exchange_id: str) -> dict[str, str]:
    """URL prefix -> mount path for ``exchange_id``; one prefix mapped twice,
    or a malformed entry, raises."""
    mounts = _union("ccxtpro_url_mounts", exchange_id, "URL mount")
    try:
        check_url_mounts(mounts)
    except ValueError as error:
        raise ExchangeError(f"{exchange_id!r}: {error}") from None
    return mounts


def rate_budgets(exchange_id: str) -> list[dict[str, Any]]:
    """Request-weight budgets per API group for ``exchange_id`` (every plugin's list,
    concatenated); an entry without ``name``/``limit`` or an API in two groups raises."""
    out: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for result in get_plugin_manager().hook.ccxtpro_rate_budgets(exchange_id=exchange_id):
        for entry in result or ():
            if "name" not in entry or "limit" not in entry:
                raise ExchangeError(f"{exchange_id!r}: rate budget {entry!r} needs a name and a limit")
            for api in entry.get("apis") or ():
                if api in seen:
                    raise ExchangeError(f"{exchange_id!r}: API {api!r} is in rate budgets {seen[api]!r} "
                                        f"and {entry['name']!r}")
                seen[api] = entry["name"]
            out.append(dict(entry))
    return out


def simulator(exchange_id: str) -> Callable[..., Any] | None:
    """The loopback simulator factory a plugin provides for ``exchange_id``
    (:func:`ccxtpro.hookspecs.ccxtpro_simulator`), or ``None``."""
    pm = get_plugin_manager()
    answers = _per_plugin(pm.hook.ccxtpro_simulator, exchange_id=exchange_id)
    if len(answers) > 1:
        labels = " and ".join(_plugin_label(pm, plugin) for plugin, _ in answers)
        raise ExchangeError(f"the simulator of {exchange_id!r} is provided by two plugins: {labels}")
    return answers[0][1] if answers else None


# -------------------------------------------------------------------------
# wiring
# -------------------------------------------------------------------------


def resolve_wiring(exchange_id: str) -> Wiring:
    """Ask every per-exchange hook about ``exchange_id`` and combine the answers.

    The one place that does; exchanges read the result (:mod:`ccxtpro.wiring`).
    """
    return Wiring(
        exchange_id,
        routes=tuple(channels(exchange_id)),
        handlers={k: v for k, v in parsers(exchange_id).items() if k.startswith("handle_") or k == "raw_frame"},
        signers=signers(exchange_id),
        auth_routers=auth_routers(exchange_id),
        sensitive_fields=sensitive_fields(exchange_id),
        url_mounts=url_mounts(exchange_id),
        rate_budgets=tuple(rate_budgets(exchange_id)),
    )


wiring.install(resolve_wiring)
