"""Every script in examples/ runs against the simulator and shows what its docstring promises.

The examples are what users copy: each is run here as a user runs it (a
subprocess, from the repository root, with short flags), all in parallel once
per session, and its output is checked for the behaviour a user relies on. A
new example that no test runs (a case here, or another test module that names
the file) fails ``test_every_example_is_run_by_a_test``. The
``--live`` gates are checked without touching the network: with the needed
environment variables missing, a private or order-placing example must stop
before dialing, with one line and no traceback. Public examples are never run
with ``--live`` here.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
SHARED = "_common.py"
TIMEOUT = 45
LIVE_ENV = ("BINANCE_API_KEY", "BINANCE_SECRET", "CCXTPRO_ENABLE_PROD_ORDER_LIVE")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def after(self, marker: str) -> str:
        """The output after the first line containing ``marker``."""
        head, sep, tail = self.stdout.partition(marker)
        assert sep, f"{marker!r} not in the output:\n{self.stdout}"
        return tail


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LIVE_ENV}
    env.update(extra)
    return env


def _run(name: str, args: list[str], env: dict[str, str]) -> Run:
    try:
        p = subprocess.run([sys.executable, str(EXAMPLES / name), *args], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return Run(-1, e.stdout or "", f"timed out after {TIMEOUT}s\n{e.stderr or ''}")
    return Run(p.returncode, p.stdout, p.stderr)


# -- what each example must show --------------------------------------------------------


def check_live_stream(r: Run) -> None:
    assert " book   BTC/USDT " in r.stdout and " trade  BTC/USDT " in r.stdout
    assert r.lines[-1].startswith("1.5s: ")


def check_watch_ticker(r: Run) -> None:
    tickers = [line for line in r.lines if re.search(r" ticker BTC/USDT  \S+Z  last \d", line)]
    assert len(tickers) == 2, r.stdout


def check_unwatch_ticker(r: Run) -> None:
    assert re.search(r"before: \S+ state open subscriptions \['ticker:\S*BTC/USDT'\]", r.stdout)
    assert re.search(r"after un_watch_ticker: \S+ state open subscriptions none", r.stdout)
    assert "frames received in the 1s after un_watch_ticker: 0" in r.stdout
    assert "subscription gone: BTC/USDT ticker unsubscribed" in r.stdout


def check_connection_info(r: Run) -> None:
    assert re.search(r"state=open .*subscriptions=\['trade::BTC/USDT'\]\s+reconnects=0", r.stdout)
    dropped = r.after("after the drop")
    assert re.search(r"state=open .*reconnects=1", dropped)  # the stream dialed again by itself
    assert int(re.search(r"stream went on: (\d+) trades since the drop", dropped).group(1)) > 0
    closed = r.after("after close_connection")
    assert "stream_trades ended: ExchangeClosedByUser" in dropped
    assert re.search(r"state=closed .*close_code=1000", closed)
    assert re.search(r"state=open ", r.after("reopened by the next watch"))


def check_debug_logger(r: Run) -> None:
    assert re.search(r"event send +\S+ +\{'message': \{'method': 'SUBSCRIBE', 'params': \['btcusdt@trade'\]",
                     r.stdout)
    assert re.search(r"event disconnect .*'by_user': False", r.stdout)
    counts = dict(re.findall(r"(\w+)=(\d+)", r.lines[-1].partition("events: ")[2]))
    assert int(counts["connect"]) >= 2 and int(counts["reconnect"]) >= 1 and int(counts["disconnect"]) >= 1
    assert int(counts["message"]) > 0 and int(counts["resolve"]) > 0


def check_stream_iterator(r: Run) -> None:
    assert len([line for line in r.lines if " trades BTC/USDT " in line]) == 3
    assert len([line for line in r.lines if " book   BTC/USDT " in line]) == 3
    assert "done: <WatchStream watch_trades('BTC/USDT',) items=3 retries=0 queued=0 dropped=0>" in r.stdout
    assert "done: <WatchStream watch_order_book('BTC/USDT', 10) items=3 retries=0 queued=0 dropped=0>" in r.stdout
    ids = [i for line in r.lines if " trades BTC/USDT " in line for i in line.partition("ids ")[2].split()]
    assert len(ids) == len(set(ids)), f"a trade came twice: {ids}"  # each batch holds only new trades


def check_ticker_worker(r: Run) -> None:
    assert re.search(r"worker failed: NetworkError: ", r.stdout)
    after = r.after("restart #1 in ")
    assert "worker started" in after
    assert re.search(r"update 3: ticker BTC/USDT last \d", after) and "update 4: ticker" in after
    assert r.lines[-1].endswith("worker finished after 4 updates")


def check_many_streams(r: Run) -> None:
    rows = {m.group(1): [int(n) for n in m.group(2).split()]
            for m in re.finditer(r"^  (\S+/\S+)\s+((?:\d+\s*){3})$", r.stdout, re.M)}
    assert set(rows) == {"BTC/USDT", "ETH/USDT"}, r.stdout
    assert all(n > 0 for counts in rows.values() for n in counts), rows


def check_persist_jsonl(r: Run) -> None:
    assert "wrote 5 trades and 1 tickers" in r.stdout
    assert "read back 6 records: all equal to what was written" in r.stdout


def check_private_read_only(r: Run) -> None:
    assert "fetch_balance_ws yes" in r.stdout and "fetch_my_trades_ws yes" in r.stdout
    spot = re.search(r"spot balance: (\{.*\})", r.stdout).group(1)
    balances = ast.literal_eval(spot)
    assert balances["USDT"] >= 2500 and balances["BTC"] >= 0.25  # the deposits are there
    assert re.search(r"USD-M futures balance: \{'USDT': [\d.]+\}", r.stdout)
    for what in ("open orders on BTC/USDT: ", "recent orders on BTC/USDT: ", "my recent trades on BTC/USDT: "):
        assert what in r.stdout


def check_order_lifecycle(r: Run) -> None:
    steps = re.findall(r"(created|modified|canceled|confirmed) +id (\d+)  status (\w+)", r.stdout)
    assert [(step, status) for step, _, status in steps] == [
        ("created", "open"), ("modified", "open"), ("canceled", "canceled"), ("confirmed", "canceled")]
    assert steps[0][1] != steps[1][1] and "replaced by a new order" in r.stdout  # spot: cancelReplace
    assert steps[1][1] == steps[2][1] == steps[3][1]


def check_order_events(r: Run) -> None:
    order = re.search(r"placed order (\d+)", r.stdout).group(1)
    statuses = re.findall(rf"event  order {order}  status (\w+)", r.stdout)
    assert statuses[0] == "open" and statuses[-1] == "canceled", r.stdout
    assert "saw the order open and then canceled" in r.stdout


def check_order_worker(r: Run) -> None:
    assert "fault: expire-listen-key (1 hit)" in r.stdout
    reauth = r.after("fault: expire-listen-key")
    assert re.search(r"connection lost: .*listen key expired", reauth)
    assert re.search(r"connected: \S+listenKey=\*\*\*", reauth)  # a new key, masked
    assert re.search(r"order event: (\d+) open", reauth) and re.search(r"order event: \d+ canceled", reauth)
    assert "seen open and canceled after expire-listen-key" in reauth
    dropped = r.after("fault: drop")
    assert "connection lost: " in dropped and "seen open and canceled after drop" in dropped
    assert len(set(re.findall(r"order event: (\d+) ", r.stdout))) == 3
    assert not re.search(r"listenKey=(?!\*\*\*)\w", r.stdout)  # never a listen key in the clear
    assert r.lines[-1].endswith("worker stopped after 3 orders seen")


# example -> (short flags, check); live_stream.py is the README's main job
CASES: dict[str, tuple[list[str], Callable[[Run], None]]] = {
    "live_stream.py": (["--seconds", "1.5"], check_live_stream),
    "watch_ticker.py": (["--count", "2"], check_watch_ticker),
    "unwatch_ticker.py": (["--count", "1", "--quiet", "1"], check_unwatch_ticker),
    "connection_info.py": (["--seconds", "0.7"], check_connection_info),
    "debug_logger.py": (["--seconds", "1.5", "--frames", "2"], check_debug_logger),
    "stream_iterator.py": (["--count", "3"], check_stream_iterator),
    "ticker_worker.py": (["--count", "4", "--drop-after", "2"], check_ticker_worker),
    "many_streams.py": (["--symbols", "BTC/USDT,ETH/USDT", "--seconds", "2"], check_many_streams),
    "persist_jsonl.py": (["--trades", "5", "--tickers", "1"], check_persist_jsonl),
    "private_read_only.py": ([], check_private_read_only),
    "order_lifecycle.py": ([], check_order_lifecycle),
    "order_events.py": ([], check_order_events),
    "order_worker.py": ([], check_order_worker),
}


def _source(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def _examples() -> set[str]:
    return {p.name for p in EXAMPLES.glob("*.py")} - {SHARED}


def _run_by_other_tests() -> set[str]:
    """Examples that another test module runs itself (it names the file)."""
    others = [p for d in (ROOT / "tests", ROOT / "plugins" / "binance" / "tests") for p in d.rglob("test_*.py")
              if p.resolve() != Path(__file__).resolve()]
    texts = [p.read_text(encoding="utf-8") for p in others]
    return {n for n in _examples() if any(f'"{n}"' in t and "examples" in t for t in texts)}


PRIVATE = sorted(n for n in _examples() if "private=True" in _source(n))
ORDERS = sorted(n for n in _examples() if "places_orders=True" in _source(n))


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], Run]:
    """Every run this module checks, at once: the examples are mostly waiting on sockets."""
    jobs = {("sim", n): (n, args, _env()) for n, (args, _) in CASES.items()}
    jobs.update({("live-no-keys", n): (n, ["--live"], _env()) for n in PRIVATE})
    jobs.update({("live-no-gate", n): (n, ["--live"], _env(BINANCE_API_KEY="k", BINANCE_SECRET="s"))
                 for n in ORDERS})
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {key: pool.submit(_run, *job) for key, job in jobs.items()}
        return {key: f.result() for key, f in futures.items()}


def test_every_example_is_run_by_a_test():
    uncovered = _examples() - set(CASES) - _run_by_other_tests()
    assert not uncovered, f"add a case to CASES for {sorted(uncovered)}"
    assert set(CASES) <= _examples(), f"stale cases: {sorted(set(CASES) - _examples())}"


def test_the_gated_examples_are_found():
    assert {"private_read_only.py", "order_worker.py"} <= set(PRIVATE)
    assert {"order_lifecycle.py", "order_events.py"} <= set(ORDERS)


@pytest.mark.parametrize("name", sorted(_examples()))
def test_example_says_why_and_how(name):
    doc = ast.get_docstring(ast.parse(_source(name)))
    assert doc and f"examples/{name}" in doc, f"{name}: the module docstring says why and how to run it"


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_runs_against_the_simulator(runs, name):
    r = runs["sim", name]
    assert r.returncode == 0, f"{name} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    assert "Traceback" not in r.stderr, r.stderr
    CASES[name][1](r)


def _one_line_refusal(r: Run, *needles: str) -> None:
    assert r.returncode != 0 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert all(n in lines[0] for n in needles), lines[0]


@pytest.mark.parametrize("name", PRIVATE)
def test_live_without_credentials_stops_with_one_line(runs, name):
    _one_line_refusal(runs["live-no-keys", name], "BINANCE_API_KEY", "BINANCE_SECRET")


@pytest.mark.parametrize("name", ORDERS)
def test_live_orders_need_the_explicit_opt_in(runs, name):
    _one_line_refusal(runs["live-no-gate", name], "CCXTPRO_ENABLE_PROD_ORDER_LIVE=true")
