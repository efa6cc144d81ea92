"""The ``ccxtpro`` command line, run as a user runs it: a child process, the simulator behind it."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def ccxtpro(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
            cwd: Path | str = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ccxtpro", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})})


def one_line_failure(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The run failed with ``code`` and said so in one line naming ``words``, with no traceback."""
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_exchanges_lists_installed_ones_and_their_simulators():
    result = ccxtpro("exchanges", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)["exchanges"]}
    assert rows["binance"]["simulator"] is True
    assert rows["binance"]["class"] == "Binance"


def test_watch_json_prints_one_unified_object_per_update():
    result = ccxtpro("watch", "binance", "trades,order_book,ticker,ohlcv,bids_asks", "BTC/USDT", "ETH/USDT",
                     "--simulate", "--json", "--count", "40", "--depth", "3")
    assert result.returncode == 0, result.stderr
    updates = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(updates) >= 40
    assert {(u["channel"], u["symbol"]) for u in updates} >= {("trades", "BTC/USDT"), ("order_book", "ETH/USDT")}
    trade_ids: dict[str, list[int]] = {}
    for update in updates:
        assert update["exchange"] == "binance"
        data = update["data"]
        if update["channel"] == "order_book":
            assert data["symbol"] == update["symbol"] and data["nonce"] is not None
            bids, asks = data["bids"], data["asks"]
            assert 0 < len(bids) <= 3 and 0 < len(asks) <= 3
            assert [b[0] for b in bids] == sorted((b[0] for b in bids), reverse=True)
            assert bids[0][0] < asks[0][0]
        elif update["channel"] == "trades":
            assert all(t["symbol"] == update["symbol"] for t in data)
            trade_ids.setdefault(update["symbol"], []).extend(int(t["id"]) for t in data)
        elif update["channel"] == "ohlcv":
            assert all(len(candle) == 6 for candle in data)
        else:
            assert data["symbol"] == update["symbol"]
    for ids in trade_ids.values():  # each trade printed once, none skipped
        assert ids == list(range(ids[0], ids[0] + len(ids)))


def test_watch_off_a_terminal_prints_the_table_with_connection_counters():
    result = ccxtpro("watch", "binance", "order_book,trades", "BTC/USDT", "--simulate", "--seconds", "2.5",
                     "--interval", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "order_book BTC/USDT" in out and "trades BTC/USDT" in out
    assert "BTC/USDT order book" in out and "spread" in out
    assert "reconnects 0" in out and "connects" in out


def test_watch_on_a_terminal_draws_the_live_view():
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ccxtpro", "watch", "binance", "order_book", "BTC/USDT",
                             "--simulate", "--seconds", "2"], stdout=slave, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "COLUMNS": "120", "LINES": "40"})
    os.close(slave)
    screen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(30) == 0, proc.stderr.read() if proc.stderr else ""
    text = screen.decode(errors="replace")
    assert "\x1b[" in text  # drawn with terminal control sequences (redrawn in place)
    assert "order_book BTC/USDT" in text and "bid size" in text


@pytest.mark.parametrize("args, code, words", [
    (["watch", "nope", "ticker", "BTC/USDT"], 2, ["'nope'", "not installed", "binance"]),
    (["watch", "binance", "tickr", "BTC/USDT", "--simulate"], 2, ["unknown channel 'tickr'", "'ticker'"]),
    (["watch", "binance", "ticker", "BTC/USDX", "--simulate"], 2, ["no market 'BTC/USDX'", "BTC/USDT"]),
    (["watch", "binance", "ticker", "--simulate"], 2, ["needs at least one symbol"]),
    (["watch", "binance", "ticker", "BTC/USDT", "--url", "127.0.0.1:1"], 2, ["baseUrl", "absolute"]),
    (["watch", "binance", "ticker", "BTC/USDT", "--url", "http://127.0.0.1:9"], 1, ["cannot reach"]),
    (["watch", "binance", "orders", "BTC/USDT", "--url", "http://127.0.0.1:9"], 2,
     ["need credentials", "BINANCE_API_KEY"]),
    (["watch", "binance", "mark_price", "BTC/USDT", "--simulate"], 2, ["spot"]),
    (["watch", "binance", "ticker", "BTC/USDT", "--simulate", "--env", "testnet"], 2, ["--env"]),
    (["watch", "binance", "ticker", "BTC/USDT", "--depth", "0"], 2, ["--depth"]),
    (["watch", "binance"], 2, ["required"]),
    (["frobnicate"], 2, ["invalid choice"]),
    (["bench", "nope"], 2, ["unknown benchmark suite 'nope'"]),
    (["simulate", "nope"], 2, ["'nope'", "not installed"]),
])
def test_user_mistakes_print_one_line_and_exit_nonzero(args, code, words):
    one_line_failure(ccxtpro(*args), code, *words)


def test_a_bad_key_is_one_line_and_never_echoed():
    bad = "Xq7" * 20
    result = ccxtpro("watch", "binance", "orders", "BTC/USDT", "--simulate", "--seconds", "10",
                     env={"BINANCE_API_KEY": bad, "BINANCE_SECRET": bad[::-1]})
    line = one_line_failure(result, 1, "authentication failed")
    assert bad not in result.stdout + line and bad[::-1] not in result.stdout + line


def test_private_channels_stream_with_the_simulators_key():
    result = ccxtpro("watch", "binance", "balance", "--simulate", "--seconds", "3", "--json")
    assert result.returncode == 0, result.stderr  # authenticated; no balance change in 3 s is fine


def test_ctrl_c_exits_130_without_a_traceback():
    # as at a terminal: a shell runs background jobs with SIGINT ignored, which a child inherits
    # (a CI runner started that way would otherwise make Ctrl-C a no-op here)
    proc = subprocess.Popen([sys.executable, "-m", "ccxtpro", "watch", "binance", "trades", "BTC/USDT",
                             "--simulate", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout is not None and json.loads(proc.stdout.readline())["channel"] == "trades"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err and "Task exception" not in err and "Unclosed" not in err


def test_simulate_prints_a_config_that_a_client_and_the_cli_use_as_is():
    proc = subprocess.Popen([sys.executable, "-m", "ccxtpro", "simulate", "--json", "--seconds", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["exchange"] == "binance" and info["ccxtpro"]["baseUrl"] == info["url"]
        assert info["ccxt"]["urls"]["api"] and info["ccxt"]["apiKey"] == info["ccxtpro"]["apiKey"]
        url = info["url"]
        watched = ccxtpro("watch", "binance", "trades,order_book", "BTC/USDT", "--url", url, "--json",
                          "--count", "4")
        assert watched.returncode == 0, watched.stderr
        assert len(watched.stdout.splitlines()) >= 4
        signed = ccxtpro("watch", "binance", "balance", "--url", url, "--seconds", "2", "--json",
                         env={"BINANCE_API_KEY": info["ccxtpro"]["apiKey"],
                              "BINANCE_SECRET": info["ccxtpro"]["secret"]})
        assert signed.returncode == 0, signed.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    assert proc.returncode == 0


def test_simulate_says_how_to_use_it_in_words():
    result = ccxtpro("simulate", "--seconds", "0.5")
    assert result.returncode == 0, result.stderr
    assert "ccxtpro config:" in result.stdout and "ccxtpro watch binance" in result.stdout
    assert "CCXT urls:" in result.stdout


def test_bench_lists_its_suites_and_runs_one_side_by_side():
    helped = ccxtpro("bench", "--help")
    assert helped.returncode == 0 and "frames" in helped.stdout and "loopback" in helped.stdout
    ran = ccxtpro("bench", "frames", "--frames", "50", "--repeat", "1", "--only", "trade", timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "trade" in ran.stdout and "same result" in ran.stdout


def test_python_dash_m_and_the_console_script_are_the_same_command():
    script = Path(sys.executable).with_name("ccxtpro")
    assert script.exists(), "the ccxtpro console script is not installed"
    result = subprocess.run([str(script), "exchanges"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "binance" in result.stdout


def test_a_whole_session_shuts_down_clean_under_python_dev_mode():
    # -X dev: resource warnings, never-retrieved task exceptions and unawaited coroutines all surface
    result = subprocess.run([sys.executable, "-X", "dev", "-m", "ccxtpro", "watch", "binance",
                             "trades,order_book,balance", "BTC/USDT", "--simulate", "--seconds", "2", "--json"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for symptom in ("never retrieved", "ResourceWarning", "Unclosed", "was never awaited", "Traceback"):
        assert symptom not in result.stderr, result.stderr
