"""Source fetch and verification: the pinned tarball, its integrity, the cache, a checkout."""

from __future__ import annotations

import io
import tarfile

import pytest

from codegen import source


def test_integrity_format_and_mismatch():
    assert source.integrity_of(b"x").startswith("sha512-")
    source.verify(b"x", source.integrity_of(b"x"))
    with pytest.raises(source.SourceError, match="integrity mismatch"):
        source.verify(b"y", source.integrity_of(b"x"))


def test_pinned_source_is_cached_and_verified(npm_source):
    assert npm_source.version == source.VERSION and npm_source.kind == "npm"
    assert (npm_source.root / ".integrity").read_text() == source.INTEGRITY
    for path in (npm_source.pro, npm_source.rest, npm_source.base):
        assert path.is_file()
    ident = npm_source.identity()
    assert ident["files"]["pro"] == "js/src/pro/binance.js"
    assert str(npm_source.root).find("/work/main") != 0  # the cache lives outside the repository


def _tarball(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_unpack_only_reads_what_it_needs_and_checks_the_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("CCXTPRO_CACHE", str(tmp_path))
    data = _tarball({"package/js/src/pro/binance.js": b"class a {}", "package/js/src/binance.js": b"",
                     "package/js/src/base/Exchange.js": b"", "package/LICENSE.txt": b"MIT",
                     "package/dist/huge.js": b"x" * 100})
    tgz = tmp_path / "p.tgz"
    tgz.write_bytes(data)
    with pytest.raises(source.SourceError):
        source.ensure_npm_source("0.0.1", source.integrity_of(b"other"), tarball=tgz)
    got = source.ensure_npm_source("0.0.1", source.integrity_of(data), tarball=tgz)
    assert got.pro.read_bytes() == b"class a {}"
    assert not (got.root / "dist").exists()
    assert source.licence_text(got) == "MIT"


def test_checkout_source_finds_siblings(tmp_path):
    src = tmp_path / "ccxt" / "ts" / "src"
    (src / "pro").mkdir(parents=True)
    (src / "base").mkdir()
    (src / "pro" / "binance.ts").write_text("export default class binance {}")
    (src / "binance.ts").write_text("export default class binance {}")
    (src / "base" / "Exchange.ts").write_text("export default class Exchange {}")
    (tmp_path / "ccxt" / "package.json").write_text('{"version": "9.9.9"}')
    got = source.checkout_source(src / "pro" / "binance.ts")
    assert got.kind == "checkout" and got.version == "9.9.9"
    assert got.identity()["files"]["pro"] == "ts/src/pro/binance.ts"
    with pytest.raises(source.SourceError):
        source.checkout_source(src / "pro" / "missing.ts")


def test_pinned_integrity_is_what_the_registry_publishes():
    import shutil
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    try:
        published = source.registry_integrity(source.VERSION)
    except source.SourceError as exc:
        pytest.skip(f"registry unreachable: {exc}")
    assert published == source.INTEGRITY


def _fake_package() -> bytes:
    return _tarball({"package/js/src/pro/binance.js": b"class a {}", "package/js/src/binance.js": b"class b {}",
                     "package/js/src/base/Exchange.js": b"class c {}", "package/LICENSE.txt": b"MIT"})


def test_every_call_rehashes_the_tarball_and_the_files_it_reads(tmp_path, monkeypatch):
    """The stamp alone is never trusted: an altered cached file is replaced by the verified
    tarball's bytes on the next call (every generate/check makes one)."""
    monkeypatch.setenv("CCXTPRO_CACHE", str(tmp_path / "cache"))
    data = _fake_package()
    tgz = tmp_path / "p.tgz"
    tgz.write_bytes(data)
    pin = source.integrity_of(data)
    got = source.ensure_npm_source("0.0.2", pin, tarball=tgz)
    kept = tmp_path / "cache" / "ccxt-0.0.2.tgz"
    assert kept.read_bytes() == data  # the tarball is kept to re-hash
    got.rest.write_bytes(b"class b { evil () {} }")  # the stamp still says "verified"
    again = source.ensure_npm_source("0.0.2", pin, tarball=tgz)
    assert again.rest.read_bytes() == b"class b {}"
    (got.root / "LICENSE.txt").unlink()
    assert source.licence_text(source.ensure_npm_source("0.0.2", pin, tarball=tgz)) == "MIT"


def test_a_cached_tarball_that_fails_its_hash_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CCXTPRO_CACHE", str(tmp_path / "cache"))
    data = _fake_package()
    tgz = tmp_path / "p.tgz"
    tgz.write_bytes(data)
    pin = source.integrity_of(data)
    source.ensure_npm_source("0.0.3", pin, tarball=tgz)
    kept = tmp_path / "cache" / "ccxt-0.0.3.tgz"
    kept.write_bytes(data + b"\0")  # corrupted in the cache
    bad = tmp_path / "bad.tgz"
    bad.write_bytes(_tarball({"package/js/src/pro/binance.js": b"class evil {}"}))
    with pytest.raises(source.SourceError, match="integrity mismatch"):
        source.ensure_npm_source("0.0.3", pin, tarball=bad)  # the replacement must verify too
    assert not kept.exists()
    got = source.ensure_npm_source("0.0.3", pin, tarball=tgz)
    assert kept.read_bytes() == data and got.pro.read_bytes() == b"class a {}"
