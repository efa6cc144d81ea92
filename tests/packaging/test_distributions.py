"""The distributions as users get them: ``python -m build`` makes an sdist of
``ccxtpro`` and of ``ccxtpro-binance`` and builds each wheel from its sdist; the
metadata and files are checked; both wheels go into a fresh virtualenv outside
the repository (dependencies from the package index) where a consumer script,
run from outside the repository too, streams from the Binance simulator.

Slow (a Cython build of each, a virtualenv, an install): the builds run once per
module, side by side, from a copy of the sources (what git tracks or would
track), so nothing is written into the work tree. ``--no-isolation`` builds
with this environment's pinned setuptools and Cython instead of downloading them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "binance"
VERSION = "0.1.0"
TIMEOUT = 900

#: name -> (source dir, import package, README title)
PROJECTS = {
    "ccxtpro": (ROOT, "ccxtpro", "# ccxtpro\n"),
    "ccxtpro-binance": (PLUGIN, "ccxtpro_binance", "# ccxtpro-binance\n"),
}

CLASSIFIERS = {
    "Development Status :: 3 - Alpha",
    "Framework :: AsyncIO",
    "Operating System :: POSIX",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Topic :: Office/Business :: Financial :: Investment",
    "Typing :: Typed",
}

#: never in an sdist: Cython's C and annotations, compiled modules, build output, bytecode
JUNK = (".c", ".so", ".html", ".pyc", ".pyo")
JUNK_DIRS = ("__pycache__/", "build/", "dist/", ".venv/")
#: never in a wheel: Cython's C and annotations, bytecode
WHEEL_JUNK = (".c", ".html", ".pyc", ".pyo")


def _clean_env() -> dict[str, str]:
    """This environment without what would point a child at the repository or
    this virtualenv, or change which ccxtpro modules load."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "__PYVENV_LAUNCHER__")
           and not k.startswith("CCXTPRO_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _copy_sources(src: Path, dest: Path) -> Path:
    """Copy the files a checkout of ``src`` has: tracked by git, or new and not
    ignored (so ``.c``, ``.so``, ``build/`` and the like stay behind)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=src, capture_output=True, check=True).stdout
        names = [os.fsdecode(n) for n in out.split(b"\0") if n]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: copy, leaving out the junk
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", *("*" + j for j in JUNK)))
        return dest
    for name in names:
        path = src / name
        if path.is_file():  # a tracked file may be deleted in the work tree
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / name)
    return dest


def _run(cmd: list[str], log: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=_clean_env(), **kwargs)
    if log is not None:
        log.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each project's sdist and wheel (``python -m build``: the sdist, then the
    wheel from the sdist), built side by side; and, meanwhile, a fresh virtualenv."""
    work = tmp_path_factory.mktemp("dist")
    builds = {}
    for name, (src, _, _) in PROJECTS.items():
        copy = _copy_sources(src, work / "src" / name)
        out, log = work / "out" / name, work / f"{name}.log"
        with log.open("w") as sink:  # the child keeps its own handle
            builds[name] = (out, log, subprocess.Popen(
                [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(copy)],
                stdout=sink, stderr=subprocess.STDOUT, env=_clean_env()))
    try:
        venv = tmp_path_factory.mktemp("venv") / "venv"  # under the temp dir: outside the repository
        _run([sys.executable, "-m", "venv", str(venv)])
        result = {"venv": venv}
        for name, (out, log, proc) in builds.items():
            assert proc.wait(TIMEOUT) == 0, f"building {name} failed:\n{log.read_text()[-5000:]}"
            sdists, wheels = list(out.glob("*.tar.gz")), list(out.glob("*.whl"))
            assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in out.iterdir())
            result[name] = {"sdist": sdists[0], "wheel": wheels[0], "log": log.read_text(),
                            "src": work / "src" / name}
    finally:
        for _, _, proc in builds.values():
            if proc.poll() is None:  # a failure above: leave no build running
                proc.kill()
                proc.wait()
    return result


def _wheel(built: dict, name: str) -> tuple[list[str], dict[str, str], str]:
    """A wheel's file names, its METADATA headers and its description."""
    with zipfile.ZipFile(built[name]["wheel"]) as zf:
        names = zf.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(zf.read(info).decode())
        return names, message, message.get_payload()


def _sdist(built: dict, name: str) -> tuple[list[str], dict[str, str]]:
    """An sdist's member names (without the top directory) and its PKG-INFO."""
    with tarfile.open(built[name]["sdist"]) as tf:
        members = tf.getnames()
        top = members[0].split("/")[0]
        pkg_info = tf.extractfile(f"{top}/PKG-INFO").read().decode()
    return [m[len(top) + 1:] for m in members if m != top], Parser().parsestr(pkg_info)


# ------------------------------------------------------------------ metadata


@pytest.mark.parametrize("name", PROJECTS)
def test_metadata(built: dict, name: str) -> None:
    assert "Building wheel from sdist" in built[name]["log"]
    names, meta, description = _wheel(built, name)
    _, pkg_info = _sdist(built, name)
    for m in (meta, pkg_info):
        assert m["Name"] == name and m["Version"] == VERSION
        assert m["License-Expression"] == "MIT" and m["License-File"] == "LICENSE"
        assert m["Requires-Python"] == ">=3.11"
        assert CLASSIFIERS <= set(m.get_all("Classifier"))
        assert not any(c.startswith("License ::") for c in m.get_all("Classifier"))  # the expression says it
        assert m["Keywords"] and "ccxt" in m["Keywords"].split(",")
        assert m["Description-Content-Type"] == "text/markdown"
    readme = built[name]["src"] / "README.md"  # the copy that was built
    assert description.strip() == readme.read_text().strip() and description.startswith(PROJECTS[name][2])
    dist_info = f"{name.replace('-', '_')}-{VERSION}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    with zipfile.ZipFile(built[name]["wheel"]) as zf:
        assert "MIT License" in zf.read(f"{dist_info}/licenses/LICENSE").decode()


def test_dependencies_and_entry_points(built: dict) -> None:
    _, core, _ = _wheel(built, "ccxtpro")
    _, plugin, _ = _wheel(built, "ccxtpro-binance")
    core_deps = {r.name: r for r in map(Requirement, core.get_all("Requires-Dist")) if r.marker is None}
    plugin_deps = {r.name: r for r in map(Requirement, plugin.get_all("Requires-Dist")) if r.marker is None}
    assert {"orjson", "aiohttp", "websockets", "pluggy", "cryptography", "rich"} <= set(core_deps)
    assert VERSION in plugin_deps["ccxtpro"].specifier  # the plugin needs this core
    assert "Cython" in plugin_deps  # frames_py.py, always imported, is Cython's pure-Python mode
    with zipfile.ZipFile(built["ccxtpro"]["wheel"]) as zf:
        entry_points = zf.read(f"ccxtpro-{VERSION}.dist-info/entry_points.txt").decode()
    assert "[console_scripts]" in entry_points and "ccxtpro = ccxtpro.cli:main" in entry_points
    with zipfile.ZipFile(built["ccxtpro-binance"]["wheel"]) as zf:
        entry_points = zf.read(f"ccxtpro_binance-{VERSION}.dist-info/entry_points.txt").decode()
    assert "[ccxtpro]" in entry_points and "binance = ccxtpro_binance.plugin" in entry_points


# ------------------------------------------------------------------ files


def test_the_core_wheel_has_every_extension_compiled_and_its_twin(built: dict) -> None:
    names, _, _ = _wheel(built, "ccxtpro")
    assert "ccxtpro/py.typed" in names
    src = built["ccxtpro"]["src"] / "src"
    pyx = sorted(src.rglob("*.pyx"))
    assert pyx
    for source in pyx:
        module = source.relative_to(src).with_suffix("")
        compiled = [n for n in names if n.startswith(f"{module.as_posix()}.") and n.endswith(".so")]
        assert len(compiled) == 1, f"{module} is not compiled into the wheel"
        twin = module.as_posix().removesuffix("_c") + "_py.py"  # every Cython module has a pure-Python twin
        assert twin in names, f"{module}'s twin {twin} is missing"
    assert len([n for n in names if n.endswith(".so")]) == len(pyx)
    assert all(p.relative_to(src).as_posix() in names for p in src.rglob("*.pxd"))  # for cimport by others
    assert not [n for n in names if n.endswith(WHEEL_JUNK + (".pyx",))]  # the sdist has the sources


def test_the_plugin_wheel_has_its_compiled_frames_and_their_twin(built: dict) -> None:
    names, _, _ = _wheel(built, "ccxtpro-binance")
    assert "ccxtpro_binance/py.typed" in names and "ccxtpro_binance/pro_manifest.json" in names
    assert [n for n in names if n.startswith("ccxtpro_binance/frames_c.") and n.endswith(".so")]
    assert "ccxtpro_binance/frames_py.py" in names  # the twin ships too
    assert "ccxtpro_binance/simulator/server.py" in names and "ccxtpro_binance/generated/binance.py" in names
    assert not [n for n in names if n.endswith(WHEEL_JUNK)]  # generated C stays out


@pytest.mark.parametrize("name", PROJECTS)
def test_the_sdist_has_what_builds_the_wheel_and_no_junk(built: dict, name: str) -> None:
    members, _ = _sdist(built, name)
    src, package = built[name]["src"], PROJECTS[name][1]
    assert {"pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md", "PKG-INFO"} <= set(members)
    wanted = [p for pattern in ("*.py", "*.pyx", "*.pxd", "*.json", "py.typed")
              for p in (src / "src" / package).rglob(pattern)
              if "__pycache__" not in p.parts and not p.name.startswith(".")]
    missing = [str(p.relative_to(src)) for p in wanted if p.relative_to(src).as_posix() not in members]
    assert not missing, f"missing from the sdist: {missing}"
    junk = [m for m in members if m.endswith(JUNK) or any(d in m + "/" for d in JUNK_DIRS)]
    assert not junk, f"junk in the sdist: {junk}"
    assert not [m for m in members if m.startswith(("tests/", "plugins/", "docs/", "examples/", "codegen/"))]


# ------------------------------------------------------------------ installed


CONSUMER = r'''
import asyncio, json, os, sys

import ccxtpro
import ccxtpro_binance.frames
from ccxtpro_binance.simulator import Simulator


async def main():
    out = {"version": ccxtpro.__version__, "ccxtpro": ccxtpro.__file__,
           "ccxtpro_binance": ccxtpro_binance.frames.__file__, "extensions": ccxtpro.USING_EXTENSIONS,
           "frames": ccxtpro_binance.frames.impl.__name__, "exchanges": ccxtpro.exchanges()}
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config())
        async with ex:
            book = await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), 30)
            out["book"] = [len(book["bids"]) > 0, len(book["asks"]) > 0, book["symbol"]]
            trades = await asyncio.wait_for(ex.watch_trades("BTC/USDT"), 30)
            out["trades"] = trades[-1]["symbol"]
            prices = []
            async for batch in ex.stream_trades("BTC/USDT"):
                prices.append(batch[-1]["price"])
                if len(prices) == 3:
                    break
            out["streamed"] = prices
            out["dir"] = sorted(n for n in dir(ex) if n.startswith("stream_"))
        out["closed"] = ex.connections() == []
    print(json.dumps(out))


asyncio.run(main())
'''


def test_installed_into_a_fresh_virtualenv_a_consumer_streams_from_the_simulator(
        built: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    venv = built["venv"]
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    assert not venv.resolve().is_relative_to(ROOT)
    _run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
          str(built["ccxtpro"]["wheel"]), str(built["ccxtpro-binance"]["wheel"])])
    _run([str(python), "-m", "pip", "check", "--disable-pip-version-check"])
    # the console scripts
    for script in ("ccxtpro", "ccxtpro-binance-sim"):
        assert (bin_dir / script).is_file() and os.access(bin_dir / script, os.X_OK), script

    cwd = tmp_path_factory.mktemp("consumer")
    assert not cwd.resolve().is_relative_to(ROOT)
    (cwd / "consumer.py").write_text(CONSUMER)
    result = _run([str(python), "consumer.py"], cwd=cwd)
    out = json.loads(result.stdout.strip().splitlines()[-1])
    site = venv / "lib"
    # what ran is the installed wheels, compiled
    assert Path(out["ccxtpro"]).is_relative_to(site) and Path(out["ccxtpro_binance"]).is_relative_to(site)
    assert out["version"] == VERSION and out["extensions"] is True
    assert out["frames"] == "ccxtpro_binance.frames_c"
    assert "binance" in out["exchanges"]
    assert out["book"] == [True, True, "BTC/USDT"] and out["trades"] == "BTC/USDT"
    assert len(out["streamed"]) == 3 and all(p > 0 for p in out["streamed"])
    assert {"stream_trades", "stream_order_book", "stream_ticker", "stream_balance"} <= set(out["dir"])
    assert out["closed"] is True
